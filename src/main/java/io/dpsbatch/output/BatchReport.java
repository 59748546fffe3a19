package io.dpsbatch.output;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.BatchTotals;
import io.dpsbatch.store.DeviceResults;
import io.dpsbatch.store.FailureGroup;

/**
 * Everything report.html shows of a batch, read from the results store at once: counts,
 * times and messages, never a key (nor the group key's fingerprint).
 *
 * @param now when the report is written: the end of a run that is still going
 */
record BatchReport(BatchRecord batch, BatchTotals totals, List<BatchHistory.Run> runs,
		List<BatchHistory.Bucket> traffic, long[] latenciesMillis, Map<String, Long> hubs, List<FailureGroup> failures,
		List<DeviceResults.RejectGroup> rejects, Instant now) {

	/**
	 * @param latenciesMillis {@link DeviceResults#latenciesMillis}, when the caller has
	 * read them already
	 */
	static BatchReport read(DeviceResults store, BatchHistory history, BatchRecord batch, long[] latenciesMillis,
			Instant now) {
		String name = batch.name();
		return new BatchReport(batch, store.totals(name), history.runs(name), history.traffic(name), latenciesMillis,
				store.assignedPerHub(name), store.failuresByCode(name), store.rejectsByReason(name), now);
	}

	/**
	 * The time the batch's runs took together; zero before any run. A run with no end
	 * recorded (still going, or its process died) counts up to its last sign of life: the
	 * end of its last traffic bucket.
	 */
	Duration wallTime() {
		Duration total = Duration.ZERO;
		for (BatchHistory.Run run : this.runs) {
			total = total.plus(Duration.between(run.started(), end(run)));
		}
		return total;
	}

	/** When the run ended, or its last sign of life. */
	Instant end(BatchHistory.Run run) {
		if (run.ended() != null) {
			return run.ended();
		}
		Instant next = this.runs.stream()
			.filter((other) -> other.number() > run.number())
			.map(BatchHistory.Run::started)
			.findFirst()
			.orElse(this.now);
		Instant last = run.started();
		for (BatchHistory.Bucket bucket : this.traffic) {
			Instant end = bucket.start().plus(BatchHistory.BUCKET);
			if (!bucket.start().isBefore(run.started().minus(BatchHistory.BUCKET)) && bucket.start().isBefore(next)
					&& end.isAfter(last)) {
				last = end.isAfter(next) ? next : end;
			}
		}
		return last;
	}

	/** Devices that DPS gave a final status, per second of {@link #wallTime()}. */
	double devicesPerSecond() {
		long millis = wallTime().toMillis();
		long done = this.totals.answered();
		return (millis > 0) ? done * 1000.0 / millis : 0;
	}

	/**
	 * The exit code of the last run, or {@code null} while it runs (or when its process
	 * died).
	 */
	Integer exitCode() {
		return this.runs.isEmpty() ? null : this.runs.get(this.runs.size() - 1).exitCode();
	}

}
