package io.dpsbatch.emulator;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PollWindowTests {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final PollWindow window = new PollWindow();

	@Test
	void fivePollsInTenSecondsAreAllowedAndTheSixthWaitsForTheOldestToLeave() {
		long start = 1_000 * SECOND;
		for (int i = 0; i < 5; i++) {
			assertThat(this.window.tryPoll(start + i * SECOND)).isZero();
		}

		assertThat(this.window.tryPoll(start + 6 * SECOND)).isEqualTo(4 * SECOND);
		assertThat(this.window.tryPoll(start + 10 * SECOND)).isZero();
		// the window now holds the polls of seconds 1, 2, 3, 4 and 10
		assertThat(this.window.tryPoll(start + 10 * SECOND)).isEqualTo(SECOND);
		assertThat(this.window.tryPoll(start + 11 * SECOND)).isZero();
	}

	@Test
	void refusedPollsDoNotCount() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.window.tryPoll(0)).isZero();
		}
		for (int i = 0; i < 100; i++) {
			assertThat(this.window.tryPoll(SECOND)).isPositive();
		}

		assertThat(this.window.tryPoll(10 * SECOND)).isZero();
	}

	@Test
	void slowPollsAreNeverLimited() {
		for (int i = 0; i < 100; i++) {
			assertThat(this.window.tryPoll(i * 2 * SECOND)).isZero();
		}
	}

}
