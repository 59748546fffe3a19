package io.dpsbatch.dps;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.LongSupplier;

/**
 * A clock that only moves when told, and runs the tasks scheduled on it when their time
 * comes: the pacer's arithmetic can be checked to the nanosecond without waiting.
 */
final class ManualTime implements LongSupplier, Delayer {

	/** Not zero, and near the overflow of a long, as System.nanoTime may be. */
	private long now = Long.MAX_VALUE - Duration.ofHours(1).toNanos();

	private long sequence;

	private final PriorityQueue<Scheduled> tasks = new PriorityQueue<>(
			Comparator.comparingLong((Scheduled task) -> task.due - ManualTime.this.now)
				.thenComparingLong(Scheduled::sequence));

	@Override
	public long getAsLong() {
		return this.now;
	}

	@Override
	public Future<?> runAfter(long delayNanos, Runnable task) {
		FutureTask<Void> future = new FutureTask<>(task, null);
		this.tasks.add(new Scheduled(this.now + delayNanos, this.sequence++, future));
		return future;
	}

	/**
	 * Moves the clock forward, running every task that falls due on the way, at its due
	 * time.
	 */
	void advance(Duration duration) {
		long target = this.now + duration.toNanos();
		while (!this.tasks.isEmpty() && this.tasks.peek().due - target <= 0) {
			Scheduled next = this.tasks.poll();
			if (next.due - this.now > 0) {
				this.now = next.due;
			}
			next.future.run();
		}
		this.now = target;
	}

	/** Nanoseconds since an arbitrary origin that is fixed for this clock. */
	long elapsedSince(long origin) {
		return this.now - origin;
	}

	private record Scheduled(long due, long sequence, FutureTask<Void> future) {
	}

}
