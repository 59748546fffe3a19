package io.dpsbatch.emulator;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationQuotaTests {

	private final AtomicLong now = new AtomicLong(123_456_789L);

	@Test
	void aFullBucketLetsOneSecondsWorthThroughThenPacesAtTheRate() {
		RegistrationQuota quota = new RegistrationQuota(1000, this.now::get);

		assertThat(quota.burst()).isEqualTo(17);
		for (int i = 0; i < 17; i++) {
			assertThat(quota.tryAcquire()).as("registration %d", i).isZero();
		}
		long wait = quota.tryAcquire();
		assertThat(wait).isEqualTo(TimeUnit.MILLISECONDS.toNanos(60));

		this.now.addAndGet(wait);
		assertThat(quota.tryAcquire()).isZero();
		assertThat(quota.tryAcquire()).isPositive();
	}

	@Test
	void aRefusedRegistrationTakesNoToken() {
		RegistrationQuota quota = new RegistrationQuota(60, this.now::get);

		assertThat(quota.tryAcquire()).isZero();
		assertThat(quota.tryAcquire()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
		assertThat(quota.tryAcquire()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
		this.now.addAndGet(TimeUnit.MILLISECONDS.toNanos(400));
		assertThat(quota.tryAcquire()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(600));
	}

	@Test
	void anIdleBucketRefillsOnlyUpToItsBurst() {
		RegistrationQuota quota = new RegistrationQuota(120, this.now::get);

		this.now.addAndGet(TimeUnit.MINUTES.toNanos(10));

		assertThat(quota.tryAcquire()).isZero();
		assertThat(quota.tryAcquire()).isZero();
		assertThat(quota.tryAcquire()).isPositive();
	}

	@Test
	void aQuotaOfOneAMinuteAsksToWaitAMinute() {
		RegistrationQuota quota = new RegistrationQuota(1, this.now::get);

		assertThat(quota.tryAcquire()).isZero();
		assertThat(EmulatorResponse.retryAfterSeconds(quota.tryAcquire())).isEqualTo(60);
	}

	@Test
	void zeroMeansNoQuota() {
		RegistrationQuota quota = new RegistrationQuota(0, this.now::get);

		for (int i = 0; i < 10_000; i++) {
			assertThat(quota.tryAcquire()).isZero();
		}
		assertThat(quota.burst()).isZero();
	}

	@Test
	void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
		assertThat(EmulatorResponse.retryAfterSeconds(1)).isEqualTo(1);
		assertThat(EmulatorResponse.retryAfterSeconds(TimeUnit.MILLISECONDS.toNanos(1001))).isEqualTo(2);
		assertThat(EmulatorResponse.retryAfterSeconds(TimeUnit.SECONDS.toNanos(3))).isEqualTo(3);
	}

}
