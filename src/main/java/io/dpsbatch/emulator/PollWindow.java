package io.dpsbatch.emulator;

import java.util.concurrent.TimeUnit;

/**
 * DPS's operation polling limit for one device: 5 polls in any 10 seconds
 * (docs/dps.md#quotas-and-throttling). Keeps the times of the last 5 accepted polls; a
 * refused poll does not count. Not thread-safe: the owning {@link DeviceRecord} guards
 * it.
 */
final class PollWindow {

	static final int MAX_POLLS = 5;

	static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final long[] times = new long[MAX_POLLS];

	private int count;

	private int oldest;

	/**
	 * Records a poll: 0 when it is allowed, otherwise the nanoseconds until one will be.
	 */
	long tryPoll(long now) {
		if (this.count < MAX_POLLS) {
			this.times[(this.oldest + this.count) % MAX_POLLS] = now;
			this.count++;
			return 0;
		}
		long elapsed = now - this.times[this.oldest];
		if (elapsed < WINDOW_NANOS) {
			return WINDOW_NANOS - elapsed;
		}
		// the oldest poll leaves the window, this one takes its place
		this.times[this.oldest] = now;
		this.oldest = (this.oldest + 1) % MAX_POLLS;
		return 0;
	}

}
