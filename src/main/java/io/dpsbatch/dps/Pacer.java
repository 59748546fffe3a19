package io.dpsbatch.dps;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces the billable register calls of a whole run: a token bucket shared by every device.
 * <p>
 * The bucket starts with a single permit and holds at most a tenth of a second's worth (at least two
 * from 60/min up, one below). A run therefore starts at the pace rather than with a burst: requests
 * handed out together at the start queue up behind the TLS handshakes of new connections and reach DPS
 * even closer together, so a burst at the start is what earned 429s from a DPS at exactly its quota.
 * The small reserve only covers the scheduler's lateness. The bucket refills slightly slower than the
 * pace (by that capacity, less one) so that a full bucket plus a minute of refill never exceeds the pace
 * in any 60-second window: the pace is a promise about DPS's per-minute quota, not an average. (DPS's
 * own bucket, and the emulator's, hold a second's worth: a run within the pace never empties them.)
 * <p>
 * The pace times when calls leave, not when they reach DPS: calls that wait behind new TLS connections
 * at the start of a run, a pause of the JVM or a slow network arrive together. So no permit is handed out
 * while half a second's worth of register calls (at least 4) are still waiting for their answer
 * ({@link #answered()}), which bounds any such burst well below DPS's one second's worth, and costs
 * nothing while DPS answers within half a second.
 * <p>
 * When DPS answers a register call with 429 the pace is halved (down to 5% of the configured pace), at
 * most once per {@code Retry-After} window since the 429s of calls already under way report the same
 * overload, and every register call is held until {@code Retry-After} has passed. After a quiet
 * interval without 429 the pace climbs back by a tenth of the configured pace per interval.
 * <p>
 * Permits are futures completed in FIFO order by the scheduler: nobody waits on a thread.
 */
final class Pacer {

	private static final Logger logger = LoggerFactory.getLogger(Pacer.class);

	private static final double NANOS_PER_MINUTE = 60e9;

	/** Tolerance for the floating-point refill: a bucket this close to a whole permit holds one. */
	private static final double EPSILON = 1e-9;

	private final double configuredPace;

	private final double floorPace;

	private final double recoveryStep;

	private final int maxAwaitingAnswer;

	private final long recoveryIntervalNanos;

	private final long defaultHoldNanos;

	private final LongSupplier ticker;

	private final Delayer delayer;

	private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();

	// all fields below are guarded by this; times are System.nanoTime-style ticks, compared by difference

	private double pace;

	private double tokens;

	/** Register calls permitted that have not had their answer yet. */
	private int awaitingAnswer;

	private long refilledAt;

	private long heldUntil;

	/** The last 429 or the last raise of the pace: recovery counts from here. */
	private long paceChangedAt;

	private long noDecreaseBefore;

	private boolean drainScheduled;

	private boolean closed;

	/**
	 * @param registrationsPerMinute the configured pace
	 * @param recoveryInterval quiet time after which the pace is raised one step
	 * @param defaultHold hold after a 429 that has no {@code Retry-After}
	 * @param ticker the current time in nanoseconds (System::nanoTime)
	 * @param delayer runs the hand-out of queued permits when they are due
	 */
	Pacer(int registrationsPerMinute, Duration recoveryInterval, Duration defaultHold, LongSupplier ticker,
			Delayer delayer) {
		this.configuredPace = registrationsPerMinute;
		this.floorPace = Math.max(1, Math.ceil(registrationsPerMinute * 0.05));
		this.recoveryStep = Math.max(1, registrationsPerMinute * 0.1);
		this.maxAwaitingAnswer = (int) Math.max(4, Math.ceil(registrationsPerMinute / 120.0));
		this.recoveryIntervalNanos = recoveryInterval.toNanos();
		this.defaultHoldNanos = defaultHold.toNanos();
		this.ticker = ticker;
		this.delayer = delayer;
		this.pace = this.configuredPace;
		this.tokens = 1;
		long now = ticker.getAsLong();
		this.refilledAt = now;
		this.heldUntil = now;
		this.paceChangedAt = now;
		this.noDecreaseBefore = now;
	}

	/**
	 * A permit for one register call, completed when the call may be sent. Whoever gets a permit calls
	 * {@link #answered()} once, when the call has its answer or has failed (or was not sent after all).
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
			if (this.waiting.isEmpty() && !isHeld(now) && this.tokens >= 1 - EPSILON
					&& this.awaitingAnswer < this.maxAwaitingAnswer) {
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

	/** A permitted register call has its answer (any answer, or a failure), or was not sent after all. */
	void answered() {
		synchronized (this) {
			this.awaitingAnswer = Math.max(0, this.awaitingAnswer - 1);
			if (!this.closed && !this.waiting.isEmpty()) {
				long now = this.ticker.getAsLong();
				advance(now);
				scheduleDrain(now);
			}
		}
	}

	/** DPS answered a register call with 429. */
	void throttled(Optional<Duration> retryAfter) {
		long hold = retryAfter.map(Duration::toNanos).orElse(this.defaultHoldNanos);
		int before;
		int after;
		synchronized (this) {
			long now = this.ticker.getAsLong();
			advance(now);
			long until = now + hold;
			if (until - this.heldUntil > 0) {
				this.heldUntil = until;
			}
			// DPS is over quota now: what the bucket saved up would only earn more 429s
			this.tokens = 0;
			this.paceChangedAt = now;
			before = (int) this.pace;
			if (now - this.noDecreaseBefore >= 0) {
				this.pace = Math.max(this.floorPace, this.pace * 0.5);
				this.noDecreaseBefore = until;
			}
			after = (int) this.pace;
		}
		if (after < before) {
			logger.warn("DPS is throttling registrations (HTTP 429): pace lowered from {} to {} registrations/minute;"
					+ " register calls held for {} ms", before, after, hold / 1_000_000);
		}
	}

	/** The pace in force, in register calls per minute. */
	synchronized int pacePerMinute() {
		advance(this.ticker.getAsLong());
		return (int) this.pace;
	}

	/** Stops handing out permits; whoever still waits for one gets a {@link CancellationException}. */
	void close() {
		List<CompletableFuture<Void>> abandoned;
		synchronized (this) {
			this.closed = true;
			abandoned = new ArrayList<>(this.waiting);
			this.waiting.clear();
		}
		abandoned.forEach(
				(permit) -> permit.completeExceptionally(new CancellationException("the DPS client was closed")));
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
			if (!isHeld(now)) {
				while (!this.waiting.isEmpty() && this.tokens >= 1 - EPSILON
						&& this.awaitingAnswer < this.maxAwaitingAnswer) {
					CompletableFuture<Void> next = this.waiting.poll();
					if (!next.isDone()) { // a cancelled permit: its device has ended meanwhile
						this.tokens -= 1;
						this.awaitingAnswer++;
						granted.add(next);
					}
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
				answered(); // cancelled meanwhile: its call will never be sent
			}
		}
	}

	private void scheduleDrain(long now) {
		if (this.drainScheduled) {
			return;
		}
		long start = isHeld(now) ? this.heldUntil : now;
		double missing = Math.max(0, 1 - this.tokens);
		long wait = (start - now) + (long) Math.ceil(missing / refillPerNano());
		try {
			this.delayer.runAfter(Math.max(0, wait), this::drain);
			this.drainScheduled = true;
		}
		catch (RejectedExecutionException ex) {
			// the scheduler is shutting down with the client; close() cancels the waiting permits
		}
	}

	private boolean isHeld(long now) {
		return now - this.heldUntil < 0;
	}

	/** Brings the bucket and the pace up to {@code now}, raising the pace at every recovery step passed. */
	private void advance(long now) {
		while (this.pace < this.configuredPace) {
			long nextRaise = this.paceChangedAt + this.recoveryIntervalNanos;
			if (now - nextRaise < 0) {
				break;
			}
			refill(nextRaise);
			this.pace = Math.min(this.configuredPace, this.pace + this.recoveryStep);
			this.paceChangedAt = nextRaise;
			if (this.pace >= this.configuredPace) {
				logger.info("No HTTP 429 from DPS for a while: pace back to {} registrations/minute",
						(int) this.configuredPace);
			}
		}
		refill(now);
	}

	private void refill(long until) {
		// nothing accrues while register calls are held
		long from = (this.heldUntil - this.refilledAt > 0) ? this.heldUntil : this.refilledAt;
		if (until - from > 0) {
			this.tokens = Math.min(capacity(), this.tokens + (until - from) * refillPerNano());
		}
		if (until - this.refilledAt > 0) {
			this.refilledAt = until;
		}
	}

	/**
	 * A tenth of a second's worth of permits: at least two (a drain that runs a little late loses
	 * nothing), but one below 60/min, where two would take a whole permit off every minute.
	 */
	private double capacity() {
		return (this.pace < 60) ? 1 : Math.max(2, Math.floor(this.pace / 600));
	}

	/**
	 * A full bucket ({@code capacity}) plus less than a minute of refill at {@code pace - capacity + 1}
	 * per minute stays below {@code pace + 1} permits in any 60-second window.
	 */
	private double refillPerNano() {
		return (this.pace - capacity() + 1) / NANOS_PER_MINUTE;
	}

}
