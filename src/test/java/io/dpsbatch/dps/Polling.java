package io.dpsbatch.dps;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, for the few tests that cannot wait on a future. */
final class Polling {

	private Polling() {
	}

	static void until(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("condition not met within " + timeout);
			}
			LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
		}
	}

}
