package io.dpsbatch.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dpsbatch.dps.OutcomeStatus;
import io.dpsbatch.dps.RegistrationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ResultsStoreTests {

	private TestDatabase.Store store;

	private JdbcTemplate jdbc;

	@BeforeEach
	void createStore() {
		this.jdbc = new JdbcTemplate(TestDatabase.migrated());
		this.store = TestDatabase.store(this.jdbc.getDataSource());
		this.store.batches().createBatch(TestDatabase.batch("line-1"));
		this.store.batches().createBatch(TestDatabase.batch("line-2"));
	}

	@Test
	void batchIsReadBackAsCreated() {
		BatchRecord created = TestDatabase.batch("line-3");
		this.store.batches().createBatch(created);
		assertThat(this.store.batches().findBatch("line-3")).contains(created);
		assertThat(this.store.batches().findBatch("nope")).isEmpty();
		assertThat(this.store.batches().batches()).extracting(BatchRecord::name).contains("line-1", "line-2", "line-3");
	}

	@Test
	void duplicatesAreRejectedAcrossChunksAndRegardlessOfCase() {
		assertThat(this.store.imports()
			.importRows("line-1",
					List.of(TestDatabase.row(2, "dev-a"), TestDatabase.row(3, "dev-b"), TestDatabase.row(4, "DEV-A"))))
			.isEqualTo(2);
		assertThat(this.store.imports()
			.importRows("line-1", List.of(TestDatabase.row(5, "dev-b"), TestDatabase.row(6, "dev-c")))).isEqualTo(1);
		List<DeviceResult> rejected = new ArrayList<>();
		this.store.reports().forEachDevice("line-1", java.util.EnumSet.of(DeviceStatus.REJECTED), rejected::add);
		assertThat(rejected).extracting(DeviceResult::line, DeviceResult::registrationId)
			.containsExactly(tuple(4L, "DEV-A"), tuple(5L, "dev-b"));
		assertThat(rejected.get(0).errorMessage()).contains("line 2").contains("case-insensitive");
		assertThat(rejected.get(1).errorMessage()).contains("line 3");
		assertThat(this.store.reports().totals("line-1").count(DeviceStatus.PENDING)).isEqualTo(3);
	}

	@Test
	void rowsRejectedByValidationKeepTheirReasonAndAreNeverPending() {
		this.store.imports()
			.importRows("line-1",
					List.of(new ImportedRow(7, "bad id", null, Map.of(), "registration ID contains a space")));
		assertThat(this.store.queue().pending("line-1", 0, 10)).isEmpty();
		assertThat(this.store.reports().totals("line-1").count(DeviceStatus.REJECTED)).isEqualTo(1);
	}

	@Test
	void aDeviceAlreadyInAnotherBatchIsLookedUpFirst() {
		this.store.imports().importRows("line-1", List.of(TestDatabase.row(2, "dev-a")));
		this.store.imports().importRows("line-2", List.of(TestDatabase.row(2, "Dev-A"), TestDatabase.row(3, "dev-z")));
		assertThat(this.store.queue().pending("line-2", 0, 10))
			.extracting(PendingDevice::registrationId, PendingDevice::lookupFirst)
			.containsExactly(tuple("Dev-A", true), tuple("dev-z", false));
	}

	@Test
	void pendingIsPagedInLineOrder() {
		this.store.imports()
			.importRows("line-1", List.of(TestDatabase.row(2, "a"), TestDatabase.row(3, "b"), TestDatabase.row(4, "c"),
					TestDatabase.row(5, "d")));
		assertThat(this.store.queue().pending("line-1", 0, 2)).extracting(PendingDevice::line).containsExactly(2L, 3L);
		assertThat(this.store.queue().pending("line-1", 3, 10)).extracting(PendingDevice::line).containsExactly(4L, 5L);
	}

	@Test
	void sentDevicesThatNeverFinishedAreLookedUpByTheNextRun() {
		this.store.imports()
			.importRows("line-1",
					List.of(TestDatabase.row(2, "a"), TestDatabase.row(3, "b"), TestDatabase.row(4, "c")));
		this.store.queue().markRegistering("line-1", this.store.queue().pending("line-1", 0, 2), Instant.now());
		assertThat(this.store.queue().pending("line-1", 0, 10)).extracting(PendingDevice::line).containsExactly(4L);
		assertThat(this.store.reports().totals("line-1").count(DeviceStatus.REGISTERING)).isEqualTo(2);
		assertThat(this.store.queue().requeueUnfinished("line-1")).isEqualTo(2);
		assertThat(this.store.queue().pending("line-1", 0, 10))
			.extracting(PendingDevice::line, PendingDevice::lookupFirst)
			.containsExactly(tuple(2L, true), tuple(3L, true), tuple(4L, false));
	}

	@Test
	void outcomesAreRecordedAndRegisterCallsAddUp() {
		this.store.imports().importRows("line-1", List.of(TestDatabase.row(2, "a"), TestDatabase.row(3, "b")));
		this.store.queue()
			.recordOutcomes("line-1",
					List.of(new LineOutcome(2, TestDatabase.assigned("a", 1)),
							new LineOutcome(3, new RegistrationOutcome("b", OutcomeStatus.FAILED, null, null, null,
									"400209", "no hub", 1, false, false, Instant.now(), Instant.now()))));
		this.store.queue().recordOutcomes("line-1", List.of(new LineOutcome(2, TestDatabase.assigned("a", 2))));
		List<DeviceResult> all = new ArrayList<>();
		this.store.reports().forEachDevice("line-1", java.util.EnumSet.allOf(DeviceStatus.class), all::add);
		assertThat(all)
			.extracting(DeviceResult::status, DeviceResult::registerCalls, DeviceResult::assignedHub,
					DeviceResult::errorCode)
			.containsExactly(tuple(DeviceStatus.ASSIGNED, 3, "hub-1.azure-devices.net", null),
					tuple(DeviceStatus.FAILED, 1, null, "400209"));
		assertThat(all.get(0).attributes()).containsExactly(Map.entry("serial", "S-2"), Map.entry("mac", "m2"));
		BatchTotals totals = this.store.reports().totals("line-1");
		assertThat(totals.count(DeviceStatus.ASSIGNED)).isEqualTo(1);
		assertThat(totals.notAssigned()).isEqualTo(1);
		assertThat(totals.unfinished()).isZero();
	}

	@Test
	void dpsTrafficAddsUpPerBatch() {
		this.store.batches().addDpsTraffic("line-1", 10, 3, 2, 450);
		this.store.batches().addDpsTraffic("line-1", 5, 0, 1, 900);
		BatchTotals totals = this.store.reports().totals("line-1");
		assertThat(totals.registerCalls()).isEqualTo(15);
		assertThat(totals.lookupCalls()).isEqualTo(3);
		assertThat(totals.throttledResponses()).isEqualTo(3);
		assertThat(totals.lastPacePerMinute()).isEqualTo(900);
		assertThat(this.store.reports().totals("line-2").registerCalls()).isZero();
	}

}
