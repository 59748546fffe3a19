package io.dpsbatch.dps;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the n-th retry waits a uniformly random time
 * between zero and {@code min(cap, base * 2^(n-1))}, so that many devices failing
 * together do not retry together; but never less than the {@code Retry-After} DPS asked
 * for (itself capped, so one header cannot stall a run).
 */
public final class Backoff {

	private final Duration base;

	private final Duration cap;

	private final Duration maxSingleWait;

	private final DoubleSupplier random;

	public Backoff(Duration base, Duration cap, Duration maxSingleWait, DoubleSupplier random) {
		this.base = base;
		this.cap = cap;
		this.maxSingleWait = maxSingleWait;
		this.random = random;
	}

	/**
	 * The wait before retry number {@code retry} (1 for the first retry).
	 * @param retryAfter what DPS asked for, if anything
	 */
	public Duration delayBeforeRetry(int retry, Optional<Duration> retryAfter) {
		long ceilingNanos = exponentialCeilingNanos(retry);
		Duration jittered = Duration.ofNanos((long) (this.random.getAsDouble() * ceilingNanos));
		return retryAfter.map(this::capped).filter((asked) -> asked.compareTo(jittered) > 0).orElse(jittered);
	}

	/** A wait DPS asked for, capped at the longest single wait. */
	Duration capped(Duration asked) {
		return (asked.compareTo(this.maxSingleWait) > 0) ? this.maxSingleWait : asked;
	}

	private long exponentialCeilingNanos(int retry) {
		long ceiling = this.base.toNanos();
		long cap = this.cap.toNanos();
		for (int i = 1; i < retry && ceiling < cap; i++) {
			ceiling *= 2;
		}
		return Math.min(ceiling, cap);
	}

}
