package io.dpsbatch.store;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static io.dpsbatch.store.TestDatabase.assigned;
import static io.dpsbatch.store.TestDatabase.batch;
import static io.dpsbatch.store.TestDatabase.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DeviceReservationsTests {

	private final DataSource dataSource = TestDatabase.migrated();

	private final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	private final TestDatabase.Store store = TestDatabase.store(this.jdbc.getDataSource());

	private final RunLocks locks = new RunLocks(this.dataSource, this.jdbc);

	private final DeviceReservations reservations = new DeviceReservations(this.jdbc, this.store.batches(), this.locks);

	@BeforeEach
	void twoBatchesSharingDevices() {
		this.store.batches().createBatch(batch("a"));
		this.store.batches().createBatch(batch("b"));
		this.store.imports().importRows("a", List.of(row(1, "dev-1"), row(2, "dev-2")));
		this.store.imports().importRows("b", List.of(row(1, "DEV-2"), row(2, "dev-3")));
	}

	@Test
	void aBatchClaimsEveryDeviceItIsAboutToRegister() {
		DeviceReservations.Reservation reservation = this.reservations.reserve("a", Instant.now());
		assertThat(reservation.isHeld()).isFalse();
		assertThat(reservation.reserved()).isEqualTo(2);
		assertThat(claimsOf("a")).containsExactlyInAnyOrder("dev-1", "dev-2");
		this.reservations.release("a");
		assertThat(claimsOf("a")).isEmpty();
	}

	@Test
	void devicesHeldByALiveRunOfAnotherBatchAreWaitedForAndNothingIsClaimed() throws Exception {
		try (RunLocks.Lock running = this.locks.tryAcquire("a").orElseThrow()) {
			this.reservations.reserve("a", Instant.now());
			DeviceReservations.Reservation reservation = this.reservations.reserve("b", Instant.now());
			assertThat(reservation.isHeld()).isTrue();
			assertThat(reservation.heldBy()).isEqualTo(Map.of("a", 1L));
			assertThat(claimsOf("b")).isEmpty();
			assertThat(claimsOf("a")).containsExactlyInAnyOrder("dev-1", "dev-2");
		}
	}

	@Test
	void theClaimsOfARunThatDiedAreTakenOverAndItsDevicesLookedUpFirst() {
		// no lock held: as if its process had died
		this.reservations.reserve("a", Instant.now());
		DeviceReservations.Reservation reservation = this.reservations.reserve("b", Instant.now());
		assertThat(reservation.isHeld()).isFalse();
		assertThat(claimsOf("a")).isEmpty();
		assertThat(claimsOf("b")).containsExactlyInAnyOrder("dev-2", "dev-3");
		assertThat(this.store.queue().pending("b", 0, 10))
			.extracting(PendingDevice::registrationId, PendingDevice::lookupFirst)
			.containsExactly(tuple("DEV-2", true), tuple("dev-3", false));
	}

	@Test
	void aSkippingBatchRecordsDevicesAssignedElsewhereAndDoesNotClaimThem() {
		this.store.batches().createBatch(batch("nightly"), AssignedElsewhere.SKIP);
		this.store.imports().importRows("nightly", List.of(row(1, "Dev-1"), row(2, "dev-2"), row(3, "dev-9")));
		this.store.queue().recordOutcomes("a", List.of(new LineOutcome(1, assigned("dev-1", 1))));
		DeviceReservations.Reservation reservation = this.reservations.reserve("nightly", Instant.now());
		assertThat(reservation.alreadyAssigned()).isEqualTo(1);
		assertThat(claimsOf("nightly")).containsExactlyInAnyOrder("dev-2", "dev-9");
		List<DeviceResult> skipped = new java.util.ArrayList<>();
		this.store.reports().forEachDevice("nightly", EnumSet.of(DeviceStatus.ALREADY_ASSIGNED), skipped::add);
		assertThat(skipped).extracting(DeviceResult::registrationId, DeviceResult::errorMessage)
			.containsExactly(tuple("Dev-1", "already assigned in batch a"));
		assertThat(this.store.queue().pending("nightly", 0, 10))
			.extracting(PendingDevice::registrationId, PendingDevice::lookupFirst)
			.containsExactly(tuple("dev-2", true), tuple("dev-9", false));
	}

	@Test
	void aForcedBatchClaimsDevicesAssignedElsewhereWithoutLookingThemUp() {
		this.store.batches().createBatch(batch("forced"), AssignedElsewhere.REGISTER);
		this.store.imports().importRows("forced", List.of(row(1, "dev-1")));
		this.store.queue().recordOutcomes("a", List.of(new LineOutcome(1, assigned("dev-1", 1))));
		DeviceReservations.Reservation reservation = this.reservations.reserve("forced", Instant.now());
		assertThat(reservation.alreadyAssigned()).isZero();
		assertThat(reservation.reserved()).isEqualTo(1);
		assertThat(this.store.queue().pending("forced", 0, 10)).extracting(PendingDevice::lookupFirst)
			.containsExactly(false);
	}

	private List<String> claimsOf(String batch) {
		return this.jdbc.queryForList("SELECT identity_key FROM dpsb_claim WHERE batch_name = ?", String.class, batch);
	}

}
