package io.dpsbatch.dps;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces the billable register calls of a whole run: a token bucket shared by every
 * device.
 * <p>
 * The bucket starts with a single permit and holds at most a tenth of a second's worth
 * (at least two from 60/min up, one below). A run therefore starts at the pace rather
 * than with a burst: requests handed out together at the start queue up behind the TLS
 * handshakes of new connections and reach DPS even closer together, so a burst at the
 * start is what earned 429s from a DPS at exactly its quota. The small reserve only
 * covers the scheduler's lateness. The bucket refills slightly slower than the pace (by
 * that capacity, less one) so that a full bucket plus a minute of refill never exceeds
 * the pace in any 60-second window: the pace is a promise about DPS's per-minute quota,
 * not an average. (DPS's own bucket, and the emulator's, hold a second's worth: a run
 * within the pace never empties them.)
 * <p>
 * The pace times when calls leave, not when they reach DPS: calls that wait behind new
 * TLS connections at the start of a run, a pause of the JVM or a slow network arrive
 * together. So no permit is handed out while half a second's worth of register calls (at
 * least 4) are still waiting for their answer ({@link #answered}), which bounds any such
 * burst well below DPS's one second's worth, and costs nothing while DPS answers within
 * half a second.
 * <p>
 * How fast the bucket refills, the pace, is the {@link PaceController}'s: it reads DPS's
 * answers to the register calls (429 or not) and lowers or raises the pace from whole
 * blocks of them. A 429 holds no register call of the run: the throttled device alone
 * waits for its {@code Retry-After}.
 * <p>
 * Permits are futures completed in FIFO order by the scheduler: nobody waits on a thread.
 */
final class Pacer {

	private static final Logger logger = LoggerFactory.getLogger(Pacer.class);

	private static final double NANOS_PER_MINUTE = 60e9;

	/**
	 * Tolerance for the floating-point refill: a bucket this close to a whole permit
	 * holds one.
	 */
	private static final double EPSILON = 1e-9;

	/**
	 * At most one warning about throttling in this time: the progress line shows the pace
	 * meanwhile.
	 */
	private static final long WARNING_INTERVAL_NANOS = 30_000_000_000L;

	private final double configuredPace;

	private final PaceController controller;

	private final int maxAwaitingAnswer;

	private final LongSupplier ticker;

	private final Delayer delayer;

	private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();

	// all fields below are guarded by this; times are System.nanoTime-style ticks,
	// compared by difference

	private double pace;

	private double tokens;

	/** Register calls permitted that have not had their answer yet. */
	private int awaitingAnswer;

	private long refilledAt;

	private long lastWarning;

	private boolean drainScheduled;

	private boolean closed;

	/**
	 * @param registrationsPerMinute the configured pace
	 * @param ticker the current time in nanoseconds (System::nanoTime)
	 * @param delayer runs the hand-out of queued permits when they are due
	 */
	Pacer(int registrationsPerMinute, LongSupplier ticker, Delayer delayer) {
		this.configuredPace = registrationsPerMinute;
		this.maxAwaitingAnswer = (int) Math.max(4, Math.ceil(registrationsPerMinute / 120.0));
		this.ticker = ticker;
		this.delayer = delayer;
		long now = ticker.getAsLong();
		this.controller = new PaceController(registrationsPerMinute, now);
		this.pace = this.configuredPace;
		this.tokens = 1;
		this.refilledAt = now;
		this.lastWarning = now - WARNING_INTERVAL_NANOS;
	}

	/**
	 * A permit for one register call, completed when the call may be sent. Whoever gets a
	 * permit calls {@link #answered()} once, when the call has its answer or has failed
	 * (or was not sent after all).
	 */
	CompletableFuture<Void> acquire() {
		CompletableFuture<Void> permit = new CompletableFuture<>();
		synchronized (this) {
			if (this.closed) {
				permit.completeExceptionally(new CancellationException("the DPS client was closed"));
				return permit;
			}
			long now = this.ticker.getAsLong();
			advance(now);
			if (this.waiting.isEmpty() && this.tokens >= 1 - EPSILON && this.awaitingAnswer < this.maxAwaitingAnswer) {
				this.tokens -= 1;
				this.awaitingAnswer++;
				permit.complete(null);
				return permit;
			}
			this.waiting.add(permit);
			scheduleDrain(now);
		}
		return permit;
	}

	/**
	 * A permitted register call has its answer, or has failed, or was not sent after all.
	 * @param sentAt when it was sent ({@link #now()}), or {@code null} when it was not
	 * sent or got no answer
	 * @param throttled DPS answered it with 429
	 */
	void answered(Long sentAt, boolean throttled) {
		double before;
		double after;
		synchronized (this) {
			this.awaitingAnswer = Math.max(0, this.awaitingAnswer - 1);
			long now = this.ticker.getAsLong();
			advance(now);
			before = this.pace;
			if (sentAt != null && this.controller.answered(now, sentAt, throttled) != 0) {
				this.pace = this.controller.pace();
				if (this.pace < before) {
					// DPS is over quota now: what the bucket saved up would only earn
					// more 429s
					this.tokens = Math.min(this.tokens, 0);
				}
			}
			after = this.pace;
			if (!this.closed && !this.waiting.isEmpty()) {
				scheduleDrain(now);
			}
			if (after >= before || now - this.lastWarning < WARNING_INTERVAL_NANOS) {
				return;
			}
			this.lastWarning = now;
		}
		logger.warn("DPS is throttling registrations (HTTP 429): pace lowered from {} to {} registrations/minute",
				(int) before, (int) after);
	}

	/**
	 * A permit granted and not used after all: its slot and its token go to the next in
	 * line.
	 */
	void unused() {
		synchronized (this) {
			this.tokens = Math.min(capacity(), this.tokens + 1);
		}
		answered(null, false);
	}

	/** The time in the pacer's ticks, for {@link #answered}. */
	long now() {
		return this.ticker.getAsLong();
	}

	/** The pace in force, in register calls per minute. */
	synchronized int pacePerMinute() {
		advance(this.ticker.getAsLong());
		return (int) this.pace;
	}

	/**
	 * Stops handing out permits; whoever still waits for one gets a
	 * {@link CancellationException}.
	 */
	void close() {
		List<CompletableFuture<Void>> abandoned;
		synchronized (this) {
			this.closed = true;
			abandoned = new ArrayList<>(this.waiting);
			this.waiting.clear();
		}
		abandoned
			.forEach((permit) -> permit.completeExceptionally(new CancellationException("the DPS client was closed")));
	}

	private void drain() {
		List<CompletableFuture<Void>> granted = new ArrayList<>();
		synchronized (this) {
			this.drainScheduled = false;
			if (this.closed) {
				return;
			}
			long now = this.ticker.getAsLong();
			advance(now);
			while (!this.waiting.isEmpty() && this.tokens >= 1 - EPSILON
					&& this.awaitingAnswer < this.maxAwaitingAnswer) {
				CompletableFuture<Void> next = this.waiting.poll();
				// a cancelled permit: its device has ended meanwhile
				if (!next.isDone()) {
					this.tokens -= 1;
					this.awaitingAnswer++;
					granted.add(next);
				}
			}
			// while calls await their answer, answered() schedules the next drain
			if (!this.waiting.isEmpty() && this.awaitingAnswer < this.maxAwaitingAnswer) {
				scheduleDrain(now);
			}
		}
		// completed outside the lock: each completion starts a register call
		for (CompletableFuture<Void> permit : granted) {
			if (!permit.complete(null)) {
				answered(null, false); // cancelled meanwhile: its call will never be sent
			}
		}
	}

	private void scheduleDrain(long now) {
		if (this.drainScheduled) {
			return;
		}
		double missing = Math.max(0, 1 - this.tokens);
		long wait = (long) Math.ceil(missing / refillPerNano());
		try {
			this.delayer.runAfter(Math.max(0, wait), this::drain);
			this.drainScheduled = true;
		}
		catch (RejectedExecutionException ex) {
			// the scheduler is shutting down with the client; close() cancels the waiting
			// permits
		}
	}

	/** Brings the bucket up to {@code now} at the pace in force. */
	private void advance(long now) {
		if (now - this.refilledAt > 0) {
			this.tokens = Math.min(capacity(), this.tokens + (now - this.refilledAt) * refillPerNano());
			this.refilledAt = now;
		}
	}

	/**
	 * A tenth of a second's worth of permits: at least two (a drain that runs a little
	 * late loses nothing), but one below 60/min, where two would take a whole permit off
	 * every minute.
	 */
	private double capacity() {
		return (this.pace < 60) ? 1 : Math.max(2, Math.floor(this.pace / 600));
	}

	/**
	 * A full bucket ({@code capacity}) plus less than a minute of refill at
	 * {@code pace - capacity + 1} per minute stays below {@code pace + 1} permits in any
	 * 60-second window.
	 */
	private double refillPerNano() {
		return (this.pace - capacity() + 1) / NANOS_PER_MINUTE;
	}

}
