package io.dpsbatch.emulator;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The DPS registration quota (1,000 per minute per instance by default): a token bucket
 * refilled at {@code perMinute / 60} tokens a second that holds {@code burst} tokens. DPS
 * documents only the per-minute figure (docs/dps.md#quotas-and-throttling), not how much
 * of it may come at once; the default burst, one second's worth (at least one), is the
 * strictest reading that still grants the documented rate, so a client that paces itself
 * never sees a 429 and one that bursts learns it here rather than in the field. It is
 * kept as the "generic cell rate algorithm" (one theoretical arrival time updated with
 * compare-and-set), which is a token bucket without a lock on the hot path. Devices in
 * the field ({@link FieldLoad}) take their tokens from the same bucket.
 */
final class RegistrationQuota {

	private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final long intervalNanos;

	private final long toleranceNanos;

	private final int burst;

	private final LongSupplier nanoTime;

	private final AtomicLong theoreticalArrival;

	/**
	 * A bucket holding one second's worth. @param perMinute registrations a minute; 0 for
	 * no quota
	 */
	RegistrationQuota(int perMinute, LongSupplier nanoTime) {
		this(perMinute, 0, nanoTime);
	}

	/**
	 * @param perMinute registrations a minute; 0 for no quota
	 * @param burst tokens the full bucket holds; 0 for one second's worth of
	 * {@code perMinute} (at least one)
	 */
	RegistrationQuota(int perMinute, int burst, LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		this.burst = (perMinute <= 0) ? 0 : (burst > 0) ? burst : oneSecondsWorth(perMinute);
		this.intervalNanos = (perMinute > 0) ? MINUTE_NANOS / perMinute : 0;
		this.toleranceNanos = (this.burst - 1L) * this.intervalNanos;
		this.theoreticalArrival = new AtomicLong(nanoTime.getAsLong());
	}

	static int oneSecondsWorth(int perMinute) {
		return Math.max(1, (perMinute + 59) / 60);
	}

	/**
	 * Registrations the bucket lets through at once when it is full; 0 when there is no
	 * quota.
	 */
	int burst() {
		return this.burst;
	}

	/**
	 * Takes a token: 0 when one was taken, otherwise the nanoseconds until one will be
	 * available.
	 */
	long tryAcquire() {
		if (this.intervalNanos == 0) {
			return 0;
		}
		long now = this.nanoTime.getAsLong();
		while (true) {
			long arrival = this.theoreticalArrival.get();
			long start = (arrival - now > 0) ? arrival : now;
			long ahead = start - now;
			if (ahead > this.toleranceNanos) {
				return ahead - this.toleranceNanos;
			}
			if (this.theoreticalArrival.compareAndSet(arrival, start + this.intervalNanos)) {
				return 0;
			}
		}
	}

}
