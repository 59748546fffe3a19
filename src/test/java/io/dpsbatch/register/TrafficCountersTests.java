package io.dpsbatch.register;

import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.store.BatchTotals;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.Chunk;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch's counters add what the run's client did since the last write of outcomes.
 */
class TrafficCountersTests {

	private final RegisterStepFixture fixture = new RegisterStepFixture();

	private final ScriptedRegistrar registrar = new ScriptedRegistrar(statistics(0, 0, 0, 900));

	private final TrafficCounters counters = new TrafficCounters(RegisterStepFixture.BATCH,
			this.fixture.store.batches(), this.fixture.window(this.registrar, 8));

	@Test
	void eachWriteAddsTheCallsSinceThePreviousOneAndThePaceInForce() {
		this.registrar.report(statistics(5, 2, 1, 900));
		this.counters.afterWrite(new Chunk<>());
		this.registrar.report(statistics(7, 2, 3, 450));
		this.counters.afterWrite(new Chunk<>());

		BatchTotals totals = totals();
		assertThat(totals.registerCalls()).isEqualTo(7);
		assertThat(totals.lookupCalls()).isEqualTo(2);
		assertThat(totals.throttledResponses()).isEqualTo(3);
		assertThat(totals.lastPacePerMinute()).isEqualTo(450);
	}

	@Test
	void aWriteWhileTheClientDidNothingNewRecordsNothing() {
		this.counters.afterWrite(new Chunk<>());

		assertThat(totals().lastPacePerMinute()).as("not written").isNull();
	}

	private BatchTotals totals() {
		return this.fixture.store.reports().totals(RegisterStepFixture.BATCH);
	}

	private static DpsStatistics statistics(long registerCalls, long lookupCalls, long throttled, int pace) {
		return new DpsStatistics(registerCalls, 0, lookupCalls, throttled, throttled, 0, 0, pace);
	}

}
