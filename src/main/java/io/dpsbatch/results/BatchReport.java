package io.dpsbatch.results;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything report.html shows of a batch, read from the results store at once: counts, times and
 * messages, never a key (nor the group key's fingerprint).
 *
 * @param now when the report is written: the end of a run that is still going
 */
record BatchReport(BatchRecord batch, BatchTotals totals, List<BatchHistory.Run> runs,
		List<BatchHistory.Bucket> traffic, long[] latenciesMillis, Map<String, Long> hubs, List<FailureGroup> failures,
		List<ResultsStore.RejectGroup> rejects, Instant now) {

	static BatchReport read(ResultsStore store, BatchHistory history, BatchRecord batch, Instant now) {
		String name = batch.name();
		return new BatchReport(batch, store.totals(name), history.runs(name), history.traffic(name),
				store.latenciesMillis(name), store.assignedPerHub(name), store.failuresByCode(name),
				store.rejectsByReason(name), now);
	}

	/** The time the batch's runs took together (a run still going counts up to now); zero before any run. */
	Duration wallTime() {
		return this.runs.stream()
			.map((run) -> Duration.between(run.started(), (run.ended() != null) ? run.ended() : this.now))
			.reduce(Duration.ZERO, Duration::plus);
	}

	/** Devices that DPS gave a final status, per second of {@link #wallTime()}. */
	double devicesPerSecond() {
		long millis = wallTime().toMillis();
		long done = this.totals.count(DeviceStatus.ASSIGNED) + this.totals.notAssigned();
		return (millis > 0) ? done * 1000.0 / millis : 0;
	}

	/** The exit code of the last run, or {@code null} while it runs (or when its process died). */
	Integer exitCode() {
		return this.runs.isEmpty() ? null : this.runs.get(this.runs.size() - 1).exitCode();
	}

}
