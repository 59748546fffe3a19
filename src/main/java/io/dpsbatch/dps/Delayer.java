package io.dpsbatch.dps;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay. Production uses a {@link ScheduledExecutorService}; tests of
 * the pacer use a manual clock, so that its arithmetic is checked without waiting.
 */
@FunctionalInterface
interface Delayer {

	Future<?> runAfter(long delayNanos, Runnable task);

	static Delayer of(ScheduledExecutorService scheduler) {
		return (delayNanos, task) -> scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
	}

}
