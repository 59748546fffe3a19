package io.dpsbatch.dps;

import java.util.concurrent.atomic.LongAdder;

/** The running counts behind {@link DpsStatistics}, updated from many threads. */
final class StatisticsCounters {

	private final LongAdder registerCalls = new LongAdder();

	private final LongAdder pollCalls = new LongAdder();

	private final LongAdder lookupCalls = new LongAdder();

	private final LongAdder throttledResponses = new LongAdder();

	private final LongAdder throttledRegisterCalls = new LongAdder();

	private final LongAdder retries = new LongAdder();

	private final LongAdder usedSecondaryKey = new LongAdder();

	void sent(DpsCall call) {
		switch (call) {
			case REGISTER -> this.registerCalls.increment();
			case POLL -> this.pollCalls.increment();
			case LOOKUP -> this.lookupCalls.increment();
		}
	}

	void throttled(DpsCall call) {
		this.throttledResponses.increment();
		if (call == DpsCall.REGISTER) {
			this.throttledRegisterCalls.increment();
		}
	}

	long registerCalls() {
		return this.registerCalls.sum();
	}

	void retried() {
		this.retries.increment();
	}

	void switchedToSecondaryKey() {
		this.usedSecondaryKey.increment();
	}

	DpsStatistics snapshot(int pacePerMinute) {
		return new DpsStatistics(this.registerCalls.sum(), this.pollCalls.sum(), this.lookupCalls.sum(),
				this.throttledResponses.sum(), this.throttledRegisterCalls.sum(), this.retries.sum(),
				this.usedSecondaryKey.sum(), pacePerMinute);
	}

}
