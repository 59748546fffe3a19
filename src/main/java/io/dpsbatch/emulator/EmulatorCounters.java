package io.dpsbatch.emulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request counters behind {@link EmulatorCounts}; LongAdders, so counting never
 * contends.
 */
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

	final LongAdder serviceCalls = new LongAdder();

	final LongAdder serviceThrottled = new LongAdder();

	final LongAdder enrollmentsCreated = new LongAdder();

	final LongAdder enrollmentsDeleted = new LongAdder();

	final LongAdder registrationRecordsDeleted = new LongAdder();

	private final AtomicInteger openConnections = new AtomicInteger();

	private final AtomicInteger mostOpenConnections = new AtomicInteger();

	/** A TLS connection was accepted. */
	void connectionOpened() {
		this.connections.increment();
		int open = this.openConnections.incrementAndGet();
		this.mostOpenConnections.accumulateAndGet(open, Math::max);
	}

	/** A TLS connection was closed, by either side. */
	void connectionClosed() {
		this.openConnections.decrementAndGet();
	}

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

	/**
	 * The counters with the figures of every instance's devices, summed, and each
	 * instance's own.
	 */
	EmulatorCounts snapshot(List<EmulatedInstance> instances) {
		Map<String, Integer> registrations = new HashMap<>();
		long assigned = 0;
		int moreThanOnce = 0;
		Map<String, EmulatorCounts.InstanceCounts> byInstance = new HashMap<>();
		for (EmulatedInstance instance : instances) {
			DeviceRegistry.Snapshot devices = instance.registry().snapshot();
			devices.registrationsByDevice().forEach((id, count) -> registrations.merge(id, count, Integer::sum));
			assigned += devices.assigned();
			moreThanOnce += devices.devicesRegisteredMoreThanOnce();
			byInstance.put(instance.idScope(), new EmulatorCounts.InstanceCounts(instance.registerCalls().sum(),
					instance.throttled().sum(), devices.assigned(), devices.registrationsByDevice().size()));
		}
		return new EmulatorCounts(this.registerCalls.sum(), this.pollCalls.sum(), this.lookupCalls.sum(),
				this.unauthorized.sum(), this.throttled.sum(), this.badRequests.sum(), this.injectedFaults.sum(),
				assigned, moreThanOnce, registrations, this.fieldCalls.sum(), this.fieldThrottled.sum(),
				this.connections.sum(), this.openConnections.get(), this.mostOpenConnections.get(), byInstance,
				this.serviceCalls.sum(), this.serviceThrottled.sum(), this.enrollmentsCreated.sum(),
				this.enrollmentsDeleted.sum(), this.registrationRecordsDeleted.sum());
	}

}
