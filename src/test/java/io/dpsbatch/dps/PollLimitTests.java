package io.dpsbatch.dps;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PollLimitTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	/** Near the overflow of a long, as System.nanoTime may be. */
	private static final long ORIGIN = Long.MAX_VALUE - 3 * SECOND;

	private final PollLimit limit = new PollLimit(10 * SECOND);

	@Test
	void fivePollsGoAtOnceTheSixthWaitsForTheFirstToLeaveTheWindow() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.limit.waitNanos(ORIGIN + i)).isZero();
			this.limit.sent(ORIGIN + i);
		}

		assertThat(this.limit.waitNanos(ORIGIN + 5)).isEqualTo(10 * SECOND - 5);
		assertThat(this.limit.waitNanos(ORIGIN + 10 * SECOND)).isZero();
	}

	@Test
	void theWindowSlides() {
		long[] polls = { 0, 2, 4, 6, 8 };
		for (long second : polls) {
			this.limit.sent(ORIGIN + second * SECOND);
		}
		assertThat(this.limit.waitNanos(ORIGIN + 9 * SECOND)).isEqualTo(SECOND);

		this.limit.sent(ORIGIN + 10 * SECOND);

		// the window now starts with the poll of second 2
		assertThat(this.limit.waitNanos(ORIGIN + 10 * SECOND)).isEqualTo(2 * SECOND);
		assertThat(this.limit.waitNanos(ORIGIN + 13 * SECOND)).isZero();
	}

	@Test
	void pollsSpacedByTwoSecondsNeverWait() {
		for (int i = 0; i < 20; i++) {
			long now = ORIGIN + i * 2 * SECOND;
			assertThat(this.limit.waitNanos(now)).as("poll %d", i).isZero();
			this.limit.sent(now);
		}
	}

}
