package io.dpsbatch.emulator;

import java.util.function.LongSupplier;

/**
 * Devices in the field that register with the same DPS instance: register calls at the
 * rates of a {@link FieldLoadSchedule}, spread evenly over time, each taking a token from
 * the registration quota the real register calls use. A call that finds the bucket empty
 * is a field 429 (the device would retry later; a rehearsal only needs to know how often
 * it was refused). They are counted apart from the real traffic, so that a benchmark can
 * tell how much of the field's traffic a run pushed out.
 * <p>
 * Calls are made when they are due, by {@link #catchUp()}: the emulator calls it on a
 * short timer and before each real register call takes its token, so the two kinds of
 * calls reach the bucket in the order of their time.
 */
final class FieldLoad {

	private final FieldLoadSchedule schedule;

	private final RegistrationQuota quota;

	private final EmulatorCounters counters;

	private final LongSupplier nanoTime;

	private final long startNanos;

	private long made;

	FieldLoad(FieldLoadSchedule schedule, RegistrationQuota quota, EmulatorCounters counters, LongSupplier nanoTime) {
		this.schedule = schedule;
		this.quota = quota;
		this.counters = counters;
		this.nanoTime = nanoTime;
		this.startNanos = nanoTime.getAsLong();
	}

	boolean isNone() {
		return this.schedule.isNone();
	}

	/** Makes the field calls that have become due since the last time. */
	void catchUp() {
		if (isNone()) {
			return;
		}
		synchronized (this) {
			long due = this.schedule.dueBy(this.nanoTime.getAsLong() - this.startNanos);
			for (; this.made < due; this.made++) {
				this.counters.fieldCalls.increment();
				if (this.quota.tryAcquire() > 0) {
					this.counters.fieldThrottled.increment();
				}
			}
		}
	}

}
