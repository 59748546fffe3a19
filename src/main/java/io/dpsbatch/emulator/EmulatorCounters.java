package io.dpsbatch.emulator;

import java.util.concurrent.atomic.LongAdder;

/** The request counters behind {@link EmulatorCounts}; LongAdders, so counting never contends. */
final class EmulatorCounters {

	final LongAdder registerCalls = new LongAdder();

	final LongAdder pollCalls = new LongAdder();

	final LongAdder lookupCalls = new LongAdder();

	final LongAdder unauthorized = new LongAdder();

	final LongAdder throttled = new LongAdder();

	final LongAdder badRequests = new LongAdder();

	final LongAdder injectedFaults = new LongAdder();

	final LongAdder fieldCalls = new LongAdder();

	final LongAdder fieldThrottled = new LongAdder();
	final LongAdder connections = new LongAdder();

	/** Counts an answer by its status. */
	void answered(int status) {
		switch (status) {
			case 400 -> this.badRequests.increment();
			case 401 -> this.unauthorized.increment();
			case 429 -> this.throttled.increment();
			default -> {
			}
		}
	}

	EmulatorCounts snapshot(DeviceRegistry.Snapshot devices) {
		return new EmulatorCounts(this.registerCalls.sum(), this.pollCalls.sum(), this.lookupCalls.sum(),
				this.unauthorized.sum(), this.throttled.sum(), this.badRequests.sum(), this.injectedFaults.sum(),
				devices.assigned(), devices.devicesRegisteredMoreThanOnce(), devices.registrationsByDevice(),
				this.fieldCalls.sum(), this.fieldThrottled.sum(), this.connections.sum());
	}

}
