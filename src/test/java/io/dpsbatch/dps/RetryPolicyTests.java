package io.dpsbatch.dps;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	private final RetryPolicy retries = new RetryPolicy(
			new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60), () -> 1.0), 3);

	@Test
	void onlyBillableRegisterCallsAreBoundedByMaxAttempts() {
		assertThat(this.retries.mayRetry(DpsCall.REGISTER, 2, false)).isTrue();
		assertThat(this.retries.mayRetry(DpsCall.REGISTER, 3, false)).isFalse();
		// polls and lookups go on until the registration's time is up
		assertThat(this.retries.mayRetry(DpsCall.POLL, 50, false)).isTrue();
		assertThat(this.retries.mayRetry(DpsCall.LOOKUP, 50, false)).isTrue();
	}

	@Test
	void anyRequestIsBoundedWhenDpsCannotBeReachedAtAll() {
		assertThat(this.retries.mayRetry(DpsCall.POLL, 2, true)).isTrue();
		assertThat(this.retries.mayRetry(DpsCall.POLL, 3, true)).isFalse();
	}

	@Test
	void everyThirdFailedPollInARowAsksTheStatusLookup() {
		assertThat(this.retries.pollFailedAskLookup()).isFalse();
		assertThat(this.retries.pollFailedAskLookup()).isFalse();
		assertThat(this.retries.pollFailedAskLookup()).isTrue();
		assertThat(this.retries.pollFailedAskLookup()).isFalse();
		this.retries.pollAnswered();
		assertThat(this.retries.pollFailedAskLookup()).isFalse();
		assertThat(this.retries.pollFailedAskLookup()).isFalse();
		assertThat(this.retries.pollFailedAskLookup()).isTrue();
	}

	@Test
	void throttledRegisterCallsWaitLongerInARowAndStartOverOnAnotherAnswer() {
		Duration first = this.retries.afterThrottled(DpsCall.REGISTER, Optional.empty());
		Duration second = this.retries.afterThrottled(DpsCall.REGISTER, Optional.empty());
		assertThat(second).isGreaterThan(first);
		this.retries.registerAnswered();
		assertThat(this.retries.afterThrottled(DpsCall.REGISTER, Optional.empty())).isEqualTo(first);
		// never sooner than DPS's Retry-After
		assertThat(this.retries.afterThrottled(DpsCall.REGISTER, Optional.of(Duration.ofSeconds(3))))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(3));
	}

}
