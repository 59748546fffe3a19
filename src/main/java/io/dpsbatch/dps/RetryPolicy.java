package io.dpsbatch.dps;

import java.time.Duration;
import java.util.Optional;

/**
 * When one device tries a request again, and when it gives up. Only register calls are
 * billable, so only they are bounded by {@code dps.max-attempts} (and any request when
 * DPS cannot be reached at all); polls and status lookups are retried until the
 * registration's time is up. A 429 costs no attempt: DPS did not take the call. Its steps
 * never overlap but run on different threads, hence the volatile counters.
 */
final class RetryPolicy {

	/** The exponential backoff stops growing after this many failures in a row. */
	private static final int MAX_BACKOFF_STEPS = 10;

	private final Backoff backoff;

	private final int maxAttempts;

	/**
	 * Failed polls (and lookups, and their 429s) in a row: every third asks the status
	 * lookup.
	 */
	private volatile int failedPolls;

	/** Register calls answered 429 in a row, for the backoff. */
	private volatile int throttledRegisters;

	RetryPolicy(Backoff backoff, int maxAttempts) {
		this.backoff = backoff;
		this.maxAttempts = maxAttempts;
	}

	int maxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * The wait after a 429, at least its {@code Retry-After}, longer the more came in a
	 * row.
	 */
	Duration afterThrottled(DpsCall call, Optional<Duration> retryAfter) {
		int inARow = (call == DpsCall.REGISTER) ? ++this.throttledRegisters : ++this.failedPolls;
		return this.backoff.delayBeforeRetry(Math.min(inARow, MAX_BACKOFF_STEPS), retryAfter);
	}

	/** DPS answered a register call with something other than 429. */
	void registerAnswered() {
		this.throttledRegisters = 0;
	}

	/**
	 * Whether a request that failed on its {@code attempt} may be tried again.
	 * @param unreachable DPS could not be connected to (bounded whatever the request)
	 */
	boolean mayRetry(DpsCall call, int attempt, boolean unreachable) {
		boolean bounded = call == DpsCall.REGISTER || unreachable;
		return !bounded || attempt < this.maxAttempts;
	}

	Duration delayBeforeRetry(int attempt, Optional<Duration> retryAfter) {
		return this.backoff.delayBeforeRetry(Math.min(attempt, MAX_BACKOFF_STEPS), retryAfter);
	}

	/**
	 * A poll failed: whether the status lookup should decide instead of the next poll
	 * (every third).
	 */
	boolean pollFailedAskLookup() {
		return ++this.failedPolls % 3 == 0;
	}

	void pollAnswered() {
		this.failedPolls = 0;
	}

}
