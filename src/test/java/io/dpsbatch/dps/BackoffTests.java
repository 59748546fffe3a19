package io.dpsbatch.dps;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	private static final Duration BASE = Duration.ofMillis(500);

	private static final Duration CAP = Duration.ofSeconds(30);

	private static final Duration MAX_WAIT = Duration.ofSeconds(60);

	@Test
	void ceilingDoublesWithEveryRetryUpToTheCap() {
		Backoff backoff = new Backoff(BASE, CAP, MAX_WAIT, () -> 1.0);

		assertThat(backoff.delayBeforeRetry(1, Optional.empty())).isEqualTo(Duration.ofMillis(500));
		assertThat(backoff.delayBeforeRetry(2, Optional.empty())).isEqualTo(Duration.ofMillis(1000));
		assertThat(backoff.delayBeforeRetry(4, Optional.empty())).isEqualTo(Duration.ofMillis(4000));
		assertThat(backoff.delayBeforeRetry(7, Optional.empty())).isEqualTo(CAP);
		assertThat(backoff.delayBeforeRetry(1000, Optional.empty())).isEqualTo(CAP);
	}

	@Test
	void fullJitterSpreadsRetriesBetweenZeroAndTheCeiling() {
		assertThat(new Backoff(BASE, CAP, MAX_WAIT, () -> 0.0).delayBeforeRetry(5, Optional.empty())).isZero();
		assertThat(new Backoff(BASE, CAP, MAX_WAIT, () -> 0.25).delayBeforeRetry(3, Optional.empty()))
			.isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void neverSoonerThanRetryAfter() {
		Backoff backoff = new Backoff(BASE, CAP, MAX_WAIT, () -> 0.5);

		assertThat(backoff.delayBeforeRetry(1, Optional.of(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(3));
		// the jittered backoff wins when it is the longer
		assertThat(backoff.delayBeforeRetry(6, Optional.of(Duration.ofSeconds(1)))).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void retryAfterIsCappedAtTheLongestSingleWait() {
		Backoff backoff = new Backoff(BASE, CAP, MAX_WAIT, () -> 0.5);

		assertThat(backoff.delayBeforeRetry(1, Optional.of(Duration.ofHours(1)))).isEqualTo(MAX_WAIT);
		assertThat(backoff.capped(Duration.ofSeconds(90))).isEqualTo(MAX_WAIT);
		assertThat(backoff.capped(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
	}

}
