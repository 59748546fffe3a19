package io.dpsbatch.register;

import java.time.Clock;
import java.time.Instant;

import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.LineOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Records the register step's traffic in the results store in buckets of
 * {@link BatchHistory#BUCKET}, for report.html's chart: register calls, 429 answers and
 * outcomes counted in each bucket (deltas of the DPS client's cumulative
 * {@link DpsStatistics}), and the pace in force. A bucket is written once its time has
 * passed, after the write of outcomes (in the step transaction) that sees it pass; the
 * last one as the step ends.
 */
class TrafficBuckets implements ItemWriteListener<LineOutcome>, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(TrafficBuckets.class);

	private final String batch;

	private final BatchHistory history;

	private final Clock clock;

	private final InFlightWindow window;

	private DpsStatistics base;

	private Instant bucket;

	private long outcomes;

	TrafficBuckets(String batch, BatchHistory history, Clock clock, InFlightWindow window) {
		this.batch = batch;
		this.history = history;
		this.clock = clock;
		this.window = window;
		this.base = window.opened();
		this.bucket = bucketOf(clock.instant());
	}

	@Override
	public void afterWrite(Chunk<? extends LineOutcome> written) {
		sample(this.window.statistics(), written.size());
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		try {
			flush(this.window.statistics());
		}
		catch (RuntimeException ex) {
			// the chart loses its last seconds; the outcomes are recorded, and the step's
			// own failure matters more
			logger.warn("{}: cannot record the last seconds of traffic for the report: {}", this.batch,
					ex.getMessage());
		}
		return stepExecution.getExitStatus();
	}

	/**
	 * Counts what happened since the last sample; writes the bucket when a new one has
	 * begun.
	 */
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
		DpsStatistics traffic = now.since(this.base);
		this.history.addTraffic(this.batch, this.bucket, traffic.registerCalls(), traffic.throttledResponses(),
				this.outcomes, now.pacePerMinute());
		this.base = now;
		this.outcomes = 0;
	}

	private static Instant bucketOf(Instant time) {
		long width = BatchHistory.BUCKET.toMillis();
		return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), width) * width);
	}

}
