package io.dpsbatch.dps;

/**
 * DPS's operation polling limit for one device (5 polls in any 10 seconds, not
 * adjustable), kept on our side: a poll that {@code Retry-After} would send sooner waits
 * until the window allows it, so a DPS (or an emulator) that answers
 * {@code Retry-After: 0} gets quick polls, but never more than the limit. Keeps the send
 * times of the last polls; not thread-safe (a device's steps never overlap).
 */
final class PollLimit {

	static final int MAX_POLLS = 5;

	private final long windowNanos;

	private final long[] sentAt = new long[MAX_POLLS];

	private int count;

	private int oldest;

	/**
	 * @param windowNanos length of the window that may hold {@link #MAX_POLLS} polls
	 */
	PollLimit(long windowNanos) {
		this.windowNanos = windowNanos;
	}

	/**
	 * Nanoseconds to wait before the next poll may be sent at {@code now}; 0 when it may
	 * go now.
	 */
	long waitNanos(long now) {
		if (this.count < MAX_POLLS) {
			return 0;
		}
		long allowedAt = this.sentAt[this.oldest] + this.windowNanos;
		return Math.max(0, allowedAt - now);
	}

	/** A poll is sent at {@code now}. */
	void sent(long now) {
		if (this.count < MAX_POLLS) {
			this.sentAt[(this.oldest + this.count) % MAX_POLLS] = now;
			this.count++;
		}
		else {
			this.sentAt[this.oldest] = now;
			this.oldest = (this.oldest + 1) % MAX_POLLS;
		}
	}

}
