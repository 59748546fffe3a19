package io.dpsbatch.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import io.dpsbatch.dps.OutcomeStatus;
import io.dpsbatch.dps.RegistrationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.dpsbatch.store.TestDatabase.assigned;
import static io.dpsbatch.store.TestDatabase.batch;
import static io.dpsbatch.store.TestDatabase.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

/** The store's side of retry-failed, status --batch and database imports. */
class ResultsStoreRetryTests {

	private TestDatabase.Store store;

	@BeforeEach
	void createStore() {
		this.store = TestDatabase.store(TestDatabase.migrated());
		this.store.batches().createBatch(batch("line-1"));
		this.store.imports()
			.importRows("line-1", List.of(row(2, "a"), row(3, "b"), row(4, "c"), row(5, "d"), row(6, "e")));
		this.store.queue()
			.recordOutcomes("line-1", List.of(new LineOutcome(2, assigned("a", 1)),
					new LineOutcome(3, failed("b", OutcomeStatus.FAILED, "400209", "no hub for b")),
					new LineOutcome(4, failed("c", OutcomeStatus.FAILED, "400209", "no hub for c")),
					new LineOutcome(5, failed("d", OutcomeStatus.DISABLED, null, "the enrollment is disabled")),
					new LineOutcome(6, failed("e", OutcomeStatus.TIMED_OUT, null, "no final status within 5m"))));
	}

	@Test
	void failuresAreGroupedByStatusAndErrorCodeLargestFirstAndAssignedDevicesCountedPerHub() {
		assertThat(this.store.reports().failuresByCode("line-1"))
			.extracting(FailureGroup::status, FailureGroup::errorCode, FailureGroup::devices, FailureGroup::example)
			.containsExactly(tuple(DeviceStatus.FAILED, "400209", 2L, "no hub for b"),
					tuple(DeviceStatus.DISABLED, null, 1L, "the enrollment is disabled"),
					tuple(DeviceStatus.TIMED_OUT, null, 1L, "no final status within 5m"));
		assertThat(this.store.reports().assignedPerHub("line-1")).containsExactly(entry("hub-1.azure-devices.net", 1L));
	}

	@Test
	void aResetPutsEveryDeviceDpsDidNotAssignBackToPendingToBeLookedUpFirst() {
		assertThat(this.store.queue().resetNotAssigned("line-1")).isEqualTo(4);
		assertThat(this.store.queue().pending("line-1", 0, 10))
			.extracting(PendingDevice::registrationId, PendingDevice::lookupFirst)
			.containsExactly(tuple("b", true), tuple("c", true), tuple("d", true), tuple("e", true));
		List<DeviceResult> pending = new ArrayList<>();
		this.store.reports().forEachDevice("line-1", EnumSet.of(DeviceStatus.PENDING), pending::add);
		assertThat(pending).allSatisfy((device) -> {
			assertThat(device.errorCode()).isNull();
			assertThat(device.errorMessage()).isNull();
			assertThat(device.registerCalls()).isEqualTo(1);
		});
		assertThat(this.store.reports().totals("line-1").count(DeviceStatus.ASSIGNED)).isEqualTo(1);
		assertThat(this.store.reports().failuresByCode("line-1")).isEmpty();
		assertThat(this.store.queue().resetNotAssigned("line-1")).isZero();
	}

	@Test
	void retriesAreCountedPerBatch() {
		assertThat(this.store.batches().state("line-1").retries()).isZero();
		assertThat(this.store.batches().startRetry("line-1")).isEqualTo(1);
		assertThat(this.store.batches().startRetry("line-1")).isEqualTo(2);
		assertThat(this.store.batches().state("line-1").retries()).isEqualTo(2);
	}

	@Test
	void anImportIsRecordedWithItsRowCountAndCanBeDiscardedOnlyBeforeAnythingWasSent() {
		this.store.batches().createBatch(batch("nightly"), AssignedElsewhere.SKIP);
		this.store.imports().importRows("nightly", List.of(row(1, "x"), row(2, "y")));
		assertThat(this.store.batches().state("nightly").imported()).isFalse();
		this.store.batches().markImported("nightly", Instant.parse("2026-11-29T02:00:05Z"));
		assertThat(this.store.batches().state("nightly"))
			.isEqualTo(new BatchState(AssignedElsewhere.SKIP, Instant.parse("2026-11-29T02:00:05Z"), 0));
		assertThat(this.store.batches().findBatch("nightly")).get().extracting(BatchRecord::totalRows).isEqualTo(2L);
		assertThat(this.store.imports().discardImport("nightly")).isEqualTo(2);
		assertThat(this.store.reports().totals("nightly").total()).isZero();
		assertThat(this.store.batches().state("nightly").imported()).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> this.store.imports().discardImport("line-1"))
			.withMessageContaining("past the import");
		assertThat(this.store.reports().totals("line-1").total()).isEqualTo(5);
	}

	@Test
	void theSourceOfABatchNotYetImportedCanChangeButNotThatOfAnImportedOne() {
		this.store.batches().createBatch(batch("nightly"), AssignedElsewhere.SKIP);
		this.store.batches().updateSource("nightly", "database jdbc:h2:mem:x, query: SELECT 1", List.of("serial"));
		assertThat(this.store.batches().findBatch("nightly")).get()
			.extracting(BatchRecord::source, BatchRecord::attributeColumns)
			.containsExactly("database jdbc:h2:mem:x, query: SELECT 1", List.of("serial"));
		this.store.batches().markImported("nightly", Instant.now());
		this.store.batches().updateSource("nightly", "database jdbc:h2:mem:y, query: SELECT 2", List.of());
		assertThat(this.store.batches().findBatch("nightly")).get()
			.extracting(BatchRecord::source)
			.isEqualTo("database jdbc:h2:mem:x, query: SELECT 1");
	}

	@Test
	void aForcedBatchDoesNotLookUpDevicesOfOtherBatches() {
		this.store.batches().createBatch(batch("forced"), AssignedElsewhere.REGISTER);
		this.store.batches().createBatch(batch("looked"), AssignedElsewhere.LOOK_UP);
		this.store.imports().importRows("forced", List.of(row(1, "A"), row(2, "new-1")));
		this.store.imports().importRows("looked", List.of(row(1, "A"), row(2, "new-2")));
		assertThat(this.store.queue().pending("forced", 0, 10)).extracting(PendingDevice::lookupFirst)
			.containsExactly(false, false);
		assertThat(this.store.queue().pending("looked", 0, 10)).extracting(PendingDevice::lookupFirst)
			.containsExactly(true, false);
	}

	private static RegistrationOutcome failed(String id, OutcomeStatus status, String code, String message) {
		return new RegistrationOutcome(id, status, null, null, null, code, message, 1, false, false, Instant.now(),
				Instant.now());
	}

}
