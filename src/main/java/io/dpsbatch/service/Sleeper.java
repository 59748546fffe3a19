package io.dpsbatch.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits. Production sleeps the calling thread; tests record the waits instead, so that
 * the pacing and the backoff are checked without a wall clock.
 */
@FunctionalInterface
interface Sleeper {

	Sleeper THREAD = (duration) -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

	void sleep(Duration duration) throws InterruptedException;

}
