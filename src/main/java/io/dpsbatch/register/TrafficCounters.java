package io.dpsbatch.register;

import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.LineOutcome;

import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Adds what the run sent to DPS since the last commit to the batch's counters (register
 * calls, lookups, 429 answers, the pace in force), in the step's transaction, after every
 * write of outcomes.
 */
class TrafficCounters implements ItemWriteListener<LineOutcome> {

	private final String batch;

	private final BatchRepository batches;

	private final InFlightWindow window;

	private DpsStatistics recorded;

	TrafficCounters(String batch, BatchRepository batches, InFlightWindow window) {
		this.batch = batch;
		this.batches = batches;
		this.window = window;
		this.recorded = window.opened();
	}

	@Override
	public void afterWrite(Chunk<? extends LineOutcome> outcomes) {
		DpsStatistics now = this.window.statistics();
		DpsStatistics sent = now.since(this.recorded);
		if (sent.registerCalls() != 0 || sent.lookupCalls() != 0 || sent.throttledResponses() != 0
				|| this.recorded.pacePerMinute() != now.pacePerMinute()) {
			this.batches.addDpsTraffic(this.batch, sent.registerCalls(), sent.lookupCalls(), sent.throttledResponses(),
					now.pacePerMinute());
			this.recorded = now;
		}
	}

}
