package io.dpsbatch.dps;

/**
 * Decides the pace of register calls from DPS's answers to them: the run's share of an
 * instance quota that devices in the field and other runs share with it, learned from
 * DPS's 429s (DPS documents the quota per minute and says nothing of who else uses it,
 * docs/dps.md#quotas-and-throttling).
 * <p>
 * Answers are judged in blocks (about 40 register answers, fewer when several are 429s,
 * or a few seconds' worth at low paces), never one 429 at a time: a single 429 tells
 * nothing about the quota, and freezing or halving the run for each one let a trickle of
 * 429s hold a whole run at its floor. A block whose share of 429s stands clearly above
 * the <em>background</em> share is quota throttling: the pace drops by three times that
 * excess (between 15% and 60% at once). Three times, because a run's own share
 * understates how far over the quota the instance is: its evenly paced calls find DPS's
 * bucket refilled more often than the field's do. A block without 429s raises the pace
 * again: quickly up to 85% of the pace at which DPS last throttled (the edge of the room
 * DPS showed), slowly above that and then faster the longer DPS stays quiet (convex, as
 * TCP CUBIC probes), so the run probes the edge of its room without crossing it by much
 * and takes freed room back within a minute or so. A block with a single 429 holds the
 * pace. When DPS throttles again below the last edge, the room has shrunk: the edge moves
 * below the pace (CUBIC's fast convergence), so the run does not climb straight back into
 * it. The field's devices are who pays for each crossing (their 429s, which the run never
 * sees), and their re-provisioning matters more.
 * <p>
 * The background share starts at zero: below an instance's quota DPS refuses nothing, so
 * with quota throttling every excess counts. It rises only on evidence that the 429s are
 * not the quota's: when the block after a decrease still has about the same share of 429s
 * while what DPS accepted fell with the pace (a quota accepts as much at a lower pace),
 * the pace goes back to where it was and the background moves halfway to that share. It
 * falls back by 30% of the gap at each block with fewer 429s. Answers to calls sent
 * before a decrease are not judged: they tell nothing about the lower pace.
 * <p>
 * Not thread-safe: {@link Pacer} calls it under its lock. Times are
 * {@link System#nanoTime()}-style ticks, compared by difference.
 */
final class PaceController {

	static final int BLOCK_ANSWERS = 40;

	private static final int BLOCK_THROTTLED = 4;

	private static final long MIN_BLOCK_NANOS = 3_000_000_000L;

	private static final long MAX_BLOCK_NANOS = 10_000_000_000L;

	/** Share of 429s above the background that counts as quota throttling. */
	private static final double EXCESS = 0.01;

	/**
	 * Pace gained per second of a block without excess, as a share of the configured
	 * pace.
	 */
	private static final double FAST_RISE = 0.05;

	private static final double SLOW_RISE = 0.003;

	private static final double BACKGROUND_FALL = 0.3;

	private final double configured;

	private final double floor;

	private double pace;

	/**
	 * Where DPS last throttled the run: the pace then, or less when the room has shrunk
	 * (see {@link #judge}); {@code NaN} before the first decrease.
	 */
	private double edge = Double.NaN;

	/**
	 * The pace before the last decrease, to go back to when the decrease did not help.
	 */
	private double paceBeforeDecrease;

	private double background;

	private long blockStart;

	private int answers;

	private int throttled;

	private long lastDecrease;

	private boolean decreasedOnce;

	/**
	 * The share of 429s of the block that lowered the pace, while the next block is
	 * awaited.
	 */
	private double decreasedFor;

	private boolean checkAfterDecrease;

	/** Calls per second DPS accepted in the block that lowered the pace. */
	private double acceptedBefore;

	PaceController(double configured, long now) {
		this.configured = configured;
		this.floor = Math.max(1, Math.ceil(configured * 0.05));
		this.pace = configured;
		this.blockStart = now;
	}

	/** The pace in force, in register calls per minute. */
	double pace() {
		return this.pace;
	}

	/**
	 * DPS answered a register call at {@code now}.
	 * @param sentAt when the call was sent: the answers to calls sent before the pace was
	 * lowered tell nothing about the lower pace, and are not counted
	 * @param wasThrottled the answer was HTTP 429
	 * @return the change of the pace this answer decided: negative for a decrease, 0 for
	 * none
	 */
	double answered(long now, long sentAt, boolean wasThrottled) {
		if (this.decreasedOnce && sentAt - this.lastDecrease < 0) {
			return 0;
		}
		this.answers++;
		if (wasThrottled) {
			this.throttled++;
		}
		long elapsed = now - this.blockStart;
		boolean full = this.answers >= BLOCK_ANSWERS || this.throttled >= BLOCK_THROTTLED
				|| (elapsed >= MIN_BLOCK_NANOS && this.answers >= BLOCK_ANSWERS / 4) || elapsed >= MAX_BLOCK_NANOS;
		if (!full) {
			return 0;
		}
		double before = this.pace;
		judge(now, elapsed);
		this.blockStart = now;
		this.answers = 0;
		this.throttled = 0;
		return this.pace - before;
	}

	private void judge(long now, long elapsed) {
		double share = (double) this.throttled / this.answers;
		if (this.checkAfterDecrease) {
			this.checkAfterDecrease = false;
			// Slowing down did not help when the 429s stayed while what DPS accepted fell
			// with the pace: a quota accepts as much as before at a lower pace (all of
			// the room, when the pace is still above it) or stops refusing. 429s that
			// come whatever the pace (faults) become part of the background instead.
			double accepted = (this.answers - this.throttled) / Math.max(1e-3, elapsed / 1e9);
			double paceRatio = this.pace / this.paceBeforeDecrease;
			// when DPS accepted nothing at all, slowing down cannot be judged by what it
			// accepted: keep slowing down
			boolean acceptedFell = this.acceptedBefore > 0
					&& accepted <= this.acceptedBefore * (1 - 0.5 * (1 - paceRatio));
			if (this.throttled >= 2 && share >= 0.6 * this.decreasedFor && acceptedFell) {
				this.background += 0.5 * (share - this.background);
				this.pace = this.paceBeforeDecrease;
				this.edge = this.paceBeforeDecrease;
				return;
			}
		}
		double excess = share - this.background;
		if (this.throttled >= 2 && excess > EXCESS) {
			double factor = Math.min(0.85, Math.max(0.4, 1 - 3 * excess));
			// Throttled again before the pace got back to the last edge: the room has
			// shrunk (devices in the field surged), and the old edge would lead the rise
			// straight into 429s that the field shares. The edge goes below this pace,
			// halfway to the new one, as TCP CUBIC's "fast convergence" does. Not while
			// 429s come whatever the pace (a background): there an edge means little.
			boolean shrunk = !Double.isNaN(this.edge) && this.pace < this.edge && this.background < EXCESS;
			this.edge = shrunk ? this.pace * (1 + factor) / 2 : this.pace;
			this.paceBeforeDecrease = this.pace;
			this.pace = Math.max(this.floor, this.pace * factor);
			this.lastDecrease = now;
			this.decreasedOnce = true;
			this.decreasedFor = share;
			this.acceptedBefore = (this.answers - this.throttled) / Math.max(1e-3, elapsed / 1e9);
			this.checkAfterDecrease = true;
		}
		else if (this.throttled == 0 || excess <= 0 || (this.throttled == 1 && this.background >= EXCESS)) {
			rise(now, elapsed);
		}
		// Otherwise hold the pace: at the edge, or one 429 where DPS has refused nothing
		// but for its quota, which means the run is just over its room; rising on would
		// push the devices in the field out (their own 429s, which the run never sees,
		// are several times its own).
		if (share < this.background) {
			this.background += BACKGROUND_FALL * (share - this.background);
		}
	}

	/**
	 * Well below the edge the pace climbs quickly; near it slowly at first, then faster
	 * the longer DPS has not throttled (convex, as TCP CUBIC probes for bandwidth), so
	 * that room freed in the field is taken back within a minute or so without crossing
	 * the edge by much right after a decrease.
	 */
	private void rise(long now, long elapsed) {
		boolean nearEdge = !Double.isNaN(this.edge) && this.pace >= 0.85 * this.edge;
		double perSecond = FAST_RISE;
		if (nearEdge) {
			double quietSeconds = (now - this.lastDecrease) / 1e9;
			perSecond = Math.min(FAST_RISE, SLOW_RISE * (1 + quietSeconds / 10));
		}
		double seconds = Math.min(elapsed, MAX_BLOCK_NANOS) / 1e9;
		double risen = this.pace + perSecond * this.configured * seconds;
		if (!nearEdge && !Double.isNaN(this.edge) && this.background < EXCESS) {
			// the fast rise stops where the slow one begins, rather than leaping past the
			// edge in one block
			risen = Math.min(risen, 0.85 * this.edge);
		}
		this.pace = Math.min(this.configured, risen);
	}

}
