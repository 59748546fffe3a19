package io.dpsbatch.dps;

import java.time.Duration;

/**
 * The client's fixed delays, gathered in one value so that tests can shrink them;
 * production always uses {@link #DEFAULTS}.
 *
 * @param backoffBase first step of the exponential backoff (doubled on every retry)
 * @param backoffCap largest backoff step
 * @param defaultPollDelay wait before a poll when DPS sent no {@code Retry-After} (the
 * SDKs wait 2 s)
 * @param maxSingleWait cap of any one wait, whatever {@code Retry-After} asks
 * @param pollWindow DPS's per-device polling window, which holds at most
 * {@value PollLimit#MAX_POLLS} polls
 */
record DpsTimings(Duration backoffBase, Duration backoffCap, Duration defaultPollDelay, Duration maxSingleWait,
		Duration pollWindow) {

	static final DpsTimings DEFAULTS = new DpsTimings(Duration.ofMillis(500), Duration.ofSeconds(30),
			Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(10));

}
