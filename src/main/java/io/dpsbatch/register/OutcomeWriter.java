package io.dpsbatch.register;

import io.dpsbatch.store.DeviceQueue;
import io.dpsbatch.store.LineOutcome;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Records the outcomes the register step took from the {@link InFlightWindow}, in the
 * step's transaction (so they commit with the step's own metadata). What else a commit
 * records (the DPS traffic, the report's buckets, the progress) is the step's
 * {@link org.springframework.batch.core.listener.ItemWriteListener}s'.
 */
class OutcomeWriter implements ItemWriter<LineOutcome> {

	private final String batch;

	private final DeviceQueue queue;

	OutcomeWriter(String batch, DeviceQueue queue) {
		this.batch = batch;
		this.queue = queue;
	}

	@Override
	public void write(Chunk<? extends LineOutcome> outcomes) {
		if (!outcomes.isEmpty()) {
			this.queue.recordOutcomes(this.batch, outcomes.getItems());
		}
	}

}
