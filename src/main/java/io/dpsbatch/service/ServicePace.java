package io.dpsbatch.service;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The pace of the service API calls to one DPS instance: a token bucket holding one
 * permit, which it starts with, refilled at the pace, so that no 60-second window ever
 * holds more calls than the pace allows. The operations quota is shared with everything
 * else managing the instance (docs/dps.md#service-api-client-facts), so a 429 lowers the
 * pace at once to 70% (never below a twentieth of the configured pace) and the pace grows
 * back by a twentieth of the configured pace per minute without a 429.
 * <p>
 * Unlike the register calls' {@code Pacer}, which judges blocks of forty answers, this
 * acts on each 429: service calls come a few at a time, and a block would take minutes to
 * fill. Threads wait for their permit in the order they asked.
 */
final class ServicePace {

	private static final double NANOS_PER_MINUTE = 60e9;

	private static final double LOWER_BY = 0.7;

	private static final double RESTORE_PER_MINUTE = 0.05;

	private final double configured;

	private final double floor;

	private final LongSupplier ticker;

	private final Sleeper sleeper;

	// guarded by this; times are System.nanoTime-style ticks, compared by difference

	private double pace;

	private long nextPermitAt;

	private long restoredAt;

	ServicePace(int operationsPerMinute, LongSupplier ticker, Sleeper sleeper) {
		this.configured = operationsPerMinute;
		this.floor = Math.max(1, operationsPerMinute / 20.0);
		this.ticker = ticker;
		this.sleeper = sleeper;
		this.pace = this.configured;
		long now = ticker.getAsLong();
		this.nextPermitAt = now;
		this.restoredAt = now;
	}

	/** Waits for this call's permit. */
	void acquire() throws InterruptedException {
		long wait;
		synchronized (this) {
			long now = this.ticker.getAsLong();
			restore(now);
			long at = (this.nextPermitAt - now > 0) ? this.nextPermitAt : now;
			this.nextPermitAt = at + interval();
			wait = at - now;
		}
		if (wait > 0) {
			this.sleeper.sleep(Duration.ofNanos(wait));
		}
	}

	/** DPS answered 429: the instance is over its quota. */
	synchronized void throttled() {
		long now = this.ticker.getAsLong();
		restore(now);
		this.pace = Math.max(this.floor, this.pace * LOWER_BY);
		// what the bucket would hand out next follows the lower pace
		long next = now + interval();
		if (next - this.nextPermitAt > 0) {
			this.nextPermitAt = next;
		}
	}

	/** The pace in force, in calls per minute. */
	synchronized int perMinute() {
		restore(this.ticker.getAsLong());
		return (int) this.pace;
	}

	private void restore(long now) {
		if (this.pace < this.configured) {
			double minutes = (now - this.restoredAt) / NANOS_PER_MINUTE;
			this.pace = Math.min(this.configured, this.pace + RESTORE_PER_MINUTE * this.configured * minutes);
		}
		this.restoredAt = now;
	}

	private long interval() {
		return (long) Math.ceil(NANOS_PER_MINUTE / this.pace);
	}

}
