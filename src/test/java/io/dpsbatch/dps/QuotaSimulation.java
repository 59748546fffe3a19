package io.dpsbatch.dps;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * A DPS instance's register quota on a manual clock, as DPS documents it (a per-minute
 * rate, 429 beyond it; docs/dps.md#quotas-and-throttling), shared by a run paced by a
 * {@link PaceController} and by devices in the field that take their calls at a given
 * rate whatever happens. Time advances in steps of 5 ms (rates well below 12,000/min);
 * the run's calls get their answer {@code latency} later, as over a network.
 */
final class QuotaSimulation {

	private static final double STEP = 0.005;

	private double quotaPerMinute;

	private final DoubleUnaryOperator fieldPerMinuteAt;

	private final double random429;

	private final double latency;

	private final Random random = new Random(42);

	private final Deque<double[]> awaiting = new ArrayDeque<>();

	private final PaceController controller;

	private double tokens;

	private double runDue;

	private double fieldDue;

	private double now;

	long runCalls;

	long runThrottled;

	long fieldCalls;

	long fieldThrottled;

	/**
	 * @param quotaPerMinute the instance's quota (a bucket holding one second's worth), 0
	 * for none
	 * @param fieldPerMinuteAt the field's rate at a time in seconds
	 * @param random429 share of calls answered 429 whatever the quota (a fault, not
	 * throttling)
	 */
	QuotaSimulation(double quotaPerMinute, DoubleUnaryOperator fieldPerMinuteAt, double random429, double pace,
			double latency) {
		this.quotaPerMinute = quotaPerMinute;
		this.fieldPerMinuteAt = fieldPerMinuteAt;
		this.random429 = random429;
		this.latency = latency;
		this.controller = new PaceController(pace, 0);
		this.tokens = quotaPerMinute / 60;
	}

	/**
	 * The instance's quota changes (a support ticket, another unit, a change of tier).
	 */
	void quota(double perMinute) {
		this.quotaPerMinute = perMinute;
		this.tokens = Math.min(this.tokens, perMinute / 60);
	}

	PaceController controller() {
		return this.controller;
	}

	/** Runs for {@code seconds}; returns the run's accepted calls in that time. */
	long run(double seconds) {
		long accepted = 0;
		double end = this.now + seconds;
		while (this.now < end) {
			this.now += STEP;
			this.tokens = Math.min(this.quotaPerMinute / 60, this.tokens + this.quotaPerMinute / 60 * STEP);
			while (!this.awaiting.isEmpty() && this.awaiting.peek()[0] <= this.now) {
				double[] answer = this.awaiting.poll();
				this.controller.answered(nanos(answer[0]), nanos(answer[2]), answer[1] != 0);
			}
			// the field's calls spread evenly over time (as the emulator's field load
			// is), the run at its pace
			this.fieldDue += this.fieldPerMinuteAt.applyAsDouble(this.now) / 60 * STEP;
			int field = (int) this.fieldDue;
			this.fieldDue -= field;
			this.runDue += this.controller.pace() / 60 * STEP;
			int run = (int) this.runDue;
			this.runDue -= run;
			while (field + run > 0) {
				if (this.random.nextInt(field + run) < field) {
					field--;
					this.fieldCalls++;
					if (!take()) {
						this.fieldThrottled++;
					}
				}
				else {
					run--;
					this.runCalls++;
					boolean ok = this.random.nextDouble() >= this.random429 && take();
					if (ok) {
						accepted++;
					}
					else {
						this.runThrottled++;
					}
					this.awaiting.add(new double[] { this.now + this.latency, ok ? 0 : 1, this.now });
				}
			}
		}
		return accepted;
	}

	double runThrottledShare() {
		return (double) this.runThrottled / this.runCalls;
	}

	double fieldThrottledShare() {
		return (this.fieldCalls == 0) ? 0 : (double) this.fieldThrottled / this.fieldCalls;
	}

	private int arrivals(double expected) {
		return (this.random.nextDouble() < expected) ? 1 : 0;
	}

	private boolean take() {
		if (this.quotaPerMinute <= 0) {
			return true;
		}
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return true;
		}
		return false;
	}

	private static long nanos(double seconds) {
		return (long) (seconds * 1e9);
	}

}
