package io.dpsbatch.register;

import java.util.List;

import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.DeviceQueue;
import io.dpsbatch.store.LineOutcome;

/**
 * Records what the register step took from the window, in the step's transaction (with the step's own
 * metadata): the devices' outcomes, what the run sent to DPS since the last commit (the batch's counters),
 * and the seconds of traffic report.html charts.
 */
final class OutcomeWriter {

	private final String batch;

	private final DeviceQueue queue;

	private final BatchRepository batches;

	private final TrafficBuckets buckets;

	private DpsStatistics recordedTraffic;

	OutcomeWriter(String batch, DeviceQueue queue, BatchRepository batches, TrafficBuckets buckets,
			DpsStatistics start) {
		this.batch = batch;
		this.queue = queue;
		this.batches = batches;
		this.buckets = buckets;
		this.recordedTraffic = start;
	}

	void write(List<LineOutcome> outcomes, DpsStatistics traffic) {
		if (!outcomes.isEmpty()) {
			this.queue.recordOutcomes(this.batch, outcomes);
		}
		recordTraffic(traffic);
		this.buckets.sample(traffic, outcomes.size());
	}

	/** Records the last seconds of traffic as the step ends. */
	void flush(DpsStatistics traffic) {
		this.buckets.flush(traffic);
	}

	private void recordTraffic(DpsStatistics now) {
		DpsStatistics before = this.recordedTraffic;
		long register = now.registerCalls() - before.registerCalls();
		long lookups = now.lookupCalls() - before.lookupCalls();
		long throttled = now.throttledResponses() - before.throttledResponses();
		if (register != 0 || lookups != 0 || throttled != 0 || before.pacePerMinute() != now.pacePerMinute()) {
			this.batches.addDpsTraffic(this.batch, register, lookups, throttled, now.pacePerMinute());
			this.recordedTraffic = now;
		}
	}

}
