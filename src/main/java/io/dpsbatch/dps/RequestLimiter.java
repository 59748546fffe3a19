package io.dpsbatch.dps;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Bounds the HTTP requests in progress at once ({@code dps.max-connections}), so that a
 * thousand devices in flight share a few dozen keep-alive connections: a device spends
 * nearly all its time waiting for {@code Retry-After}, not on the wire. Over HTTP/1.1 a
 * request in progress holds a connection to itself, and the connection pool of
 * {@link DpsConnections} keeps a connection for the next request once its request is
 * done, so the bound on requests is the bound on connections.
 * <p>
 * Requests beyond the bound wait in FIFO queues; no thread waits with them. Follow-ups of
 * work DPS has already accepted (operation polls) go ahead of new work (register calls):
 * a device one poll away from its outcome is not held up behind a thousand register calls
 * of a cold start, and the devices in flight finish at the rate they started. The bound
 * starts small and grows by one for every request that succeeds (TCP's slow start), so
 * that a cold start opens its connections a few at a time instead of with a burst of
 * handshakes that a front end would throttle. A slot is freed whatever the request's end:
 * answer, failure, timeout or cancellation.
 */
final class RequestLimiter {

	/**
	 * Slots at first: enough for a warm start, few enough that the first handshakes
	 * finish at once.
	 */
	static final int INITIAL_SLOTS = 8;

	private final int maxSlots;

	private final Queue<Waiting<?>> followUps = new ArrayDeque<>();

	private final Queue<Waiting<?>> queue = new ArrayDeque<>();

	private int slots;

	private int inUse;

	/**
	 * @param maxSlots most requests in progress at once (at least 1)
	 */
	RequestLimiter(int maxSlots) {
		if (maxSlots < 1) {
			throw new IllegalArgumentException("maxSlots must be at least 1, not " + maxSlots);
		}
		this.maxSlots = maxSlots;
		this.slots = Math.min(INITIAL_SLOTS, maxSlots);
	}

	/**
	 * Starts {@code request} when a slot is free, in the order of the calls. Cancelling
	 * the returned future before the request starts means it never starts; after, the
	 * request's own future is cancelled too.
	 * @param request starts the request; its future's completion frees the slot
	 */
	<T> CompletableFuture<T> submit(Supplier<? extends CompletableFuture<T>> request) {
		return submit(request, false);
	}

	/**
	 * As {@link #submit(Supplier)}, a follow-up going ahead of every request that is not
	 * one.
	 * @param followUp whether the request follows up work the server has already accepted
	 */
	<T> CompletableFuture<T> submit(Supplier<? extends CompletableFuture<T>> request, boolean followUp) {
		Waiting<T> waiting = new Waiting<>(request, new CompletableFuture<>());
		synchronized (this) {
			(followUp ? this.followUps : this.queue).add(waiting);
		}
		startWhatFits();
		return waiting.result;
	}

	/** Requests in progress now. */
	synchronized int inUse() {
		return this.inUse;
	}

	/**
	 * Requests waiting for a slot now (cancelled ones included until their turn comes).
	 */
	synchronized int waiting() {
		return this.followUps.size() + this.queue.size();
	}

	/** The bound in force now: grows from {@link #INITIAL_SLOTS} to {@code maxSlots}. */
	synchronized int slots() {
		return this.slots;
	}

	private void startWhatFits() {
		while (true) {
			Waiting<?> next;
			synchronized (this) {
				next = (this.inUse < this.slots) ? this.followUps.poll() : null;
				if (next == null && this.inUse < this.slots) {
					next = this.queue.poll();
				}
				if (next == null) {
					return;
				}
				this.inUse++;
			}
			if (!next.start()) {
				release(false, false);
			}
		}
	}

	private void release(boolean succeeded, boolean startNext) {
		synchronized (this) {
			this.inUse--;
			if (succeeded && this.slots < this.maxSlots) {
				this.slots++;
			}
		}
		if (startNext) {
			startWhatFits();
		}
	}

	private final class Waiting<T> {

		private final Supplier<? extends CompletableFuture<T>> request;

		private final CompletableFuture<T> result;

		Waiting(Supplier<? extends CompletableFuture<T>> request, CompletableFuture<T> result) {
			this.request = request;
			this.result = result;
		}

		/**
		 * Starts the request with the slot just taken; false when it did not start and
		 * the slot is free again.
		 */
		boolean start() {
			if (this.result.isDone()) { // cancelled while it waited
				return false;
			}
			CompletableFuture<T> inProgress;
			try {
				inProgress = this.request.get();
			}
			catch (RuntimeException | Error ex) {
				this.result.completeExceptionally(ex);
				return false;
			}
			inProgress.whenComplete((value, failure) -> {
				release(failure == null, true);
				if (failure != null) {
					this.result.completeExceptionally(failure);
				}
				else {
					this.result.complete(value);
				}
			});
			this.result.whenComplete((value, failure) -> {
				if (this.result.isCancelled()) {
					inProgress.cancel(false);
				}
			});
			return true;
		}

	}

}
