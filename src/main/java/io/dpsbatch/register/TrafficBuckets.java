package io.dpsbatch.register;

import java.time.Clock;
import java.time.Instant;

import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.store.BatchHistory;

/**
 * Records the register step's traffic in the results store in buckets of {@link BatchHistory#BUCKET}, for
 * report.html's chart: register calls, 429 answers and outcomes counted in each bucket (deltas of the DPS
 * client's cumulative {@link DpsStatistics}), and the pace in force. A bucket is written once its time has
 * passed, in the step transaction that sees it pass; the last one as the step ends.
 */
final class TrafficBuckets {

	private final String batch;

	private final BatchHistory history;

	private final Clock clock;

	private DpsStatistics base;

	private Instant bucket;

	private long outcomes;

	TrafficBuckets(String batch, BatchHistory history, Clock clock, DpsStatistics start) {
		this.batch = batch;
		this.history = history;
		this.clock = clock;
		this.base = start;
		this.bucket = bucketOf(clock.instant());
	}

	/** Counts what happened since the last sample; writes the bucket when a new one has begun. */
	void sample(DpsStatistics now, int newOutcomes) {
		this.outcomes += newOutcomes;
		Instant current = bucketOf(this.clock.instant());
		if (!current.equals(this.bucket)) {
			flush(now);
			this.bucket = current;
		}
	}

	/** Writes the bucket in progress (the step ends). */
	void flush(DpsStatistics now) {
		long calls = now.registerCalls() - this.base.registerCalls();
		long throttled = now.throttledResponses() - this.base.throttledResponses();
		this.history.addTraffic(this.batch, this.bucket, calls, throttled, this.outcomes, now.pacePerMinute());
		this.base = now;
		this.outcomes = 0;
	}

	private static Instant bucketOf(Instant time) {
		long width = BatchHistory.BUCKET.toMillis();
		return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), width) * width);
	}

}
