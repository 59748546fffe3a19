package io.dpsbatch.emulator;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FieldLoadTests {

	private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final EmulatorCounters counters = new EmulatorCounters();

	/** Time moves in 10 ms steps, as the emulator's timer ticks. */
	private void runFor(long millis, FieldLoad load) {
		for (long t = 0; t < millis; t += 10) {
			this.nanos.addAndGet(10 * MILLI);
			load.catchUp();
		}
	}

	@Test
	void theFieldTakesItsShareOfTheQuotaAndLeavesTheRest() {
		RegistrationQuota quota = new RegistrationQuota(1000, this.nanos::get);
		FieldLoad load = new FieldLoad(FieldLoadSchedule.constant(300), quota, this.counters, this.nanos::get);
		runFor(5_000, load);

		int accepted = 0;
		for (int second = 0; second < 60; second++) {
			runFor(1_000, load);
			while (quota.tryAcquire() == 0) {
				accepted++;
			}
		}

		assertThat(this.counters.fieldCalls.sum()).isEqualTo(325);
		assertThat(this.counters.fieldThrottled.sum()).as("the field never found the bucket empty").isZero();
		assertThat(accepted).as("the 700/min the field leaves (plus one bucket)").isBetween(700, 717);
	}

	@Test
	void fieldCallsThatFindTheBucketEmptyAreField429s() {
		RegistrationQuota quota = new RegistrationQuota(600, this.nanos::get);
		// the field's calls fall 3 ms after each token comes in
		this.nanos.addAndGet(3 * MILLI);
		FieldLoad load = new FieldLoad(FieldLoadSchedule.constant(300), quota, this.counters, this.nanos::get);

		long real = 0;
		for (int millis = 0; millis < 60_000; millis++) {
			this.nanos.addAndGet(MILLI);
			// a greedy client takes every token as soon as it is there
			while (quota.tryAcquire() == 0) {
				real++;
			}
			load.catchUp();
		}

		assertThat(this.counters.fieldCalls.sum()).isEqualTo(300);
		assertThat(this.counters.fieldThrottled.sum()).as("the greedy client leaves the field nothing").isEqualTo(300);
		assertThat(real).as("the full bucket at the start, then one every 100 ms").isEqualTo(10 + 599);
	}

	@Test
	void theScheduleSwitchesRatesAtItsOffsets() {
		RegistrationQuota quota = new RegistrationQuota(0, this.nanos::get);
		FieldLoad load = new FieldLoad(FieldLoadSchedule.parse("200/min@0s,600/min@60s,100/min@100s"), quota,
				this.counters, this.nanos::get);

		runFor(60_000, load);
		assertThat(this.counters.fieldCalls.sum()).isEqualTo(200);
		runFor(40_000, load);
		assertThat(this.counters.fieldCalls.sum()).isEqualTo(600);
		runFor(60_000, load);
		assertThat(this.counters.fieldCalls.sum()).isEqualTo(700);
		assertThat(this.counters.fieldThrottled.sum()).as("no quota, no 429").isZero();
	}

	@Test
	void noScheduleNoCalls() {
		FieldLoad load = new FieldLoad(FieldLoadSchedule.none(), new RegistrationQuota(1000, this.nanos::get),
				this.counters, this.nanos::get);
		runFor(10_000, load);

		assertThat(this.counters.fieldCalls.sum()).isZero();
	}

}
