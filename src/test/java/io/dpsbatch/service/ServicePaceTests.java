package io.dpsbatch.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pace of service calls on a manual clock: the sleeper moves the time on. */
class ServicePaceTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final List<Long> permits = new ArrayList<>();

	private final ServicePace pace = new ServicePace(60, this.now::get,
			(duration) -> this.now.addAndGet(duration.toNanos()));

	@Test
	void startsWithOnePermitThenKeepsThePace() throws InterruptedException {
		acquire(3);
		assertThat(this.permits).containsExactly(1_000_000_000L, 2_000_000_000L, 3_000_000_000L);
	}

	@Test
	void neverMoreThanThePaceInAnySixtySeconds() throws InterruptedException {
		acquire(200);
		for (int i = 0; i + 60 < this.permits.size(); i++) {
			assertThat(this.permits.get(i + 60) - this.permits.get(i)).isGreaterThanOrEqualTo(60_000_000_000L);
		}
	}

	@Test
	void aThrottledAnswerLowersThePaceWhichGrowsBackSlowly() throws InterruptedException {
		this.pace.throttled();
		assertThat(this.pace.perMinute()).isEqualTo(42);
		acquire(2);
		// 60 / 42 s between calls at the lower pace
		assertThat(this.permits.get(1) - this.permits.get(0)).isEqualTo((long) Math.ceil(60e9 / 42));
		this.now.addAndGet(Duration.ofMinutes(2).toNanos());
		assertThat(this.pace.perMinute()).isBetween(47, 48);
		this.now.addAndGet(Duration.ofMinutes(10).toNanos());
		assertThat(this.pace.perMinute()).isEqualTo(60);
	}

	@Test
	void neverBelowATwentiethOfTheConfiguredPace() {
		for (int i = 0; i < 50; i++) {
			this.pace.throttled();
		}
		assertThat(this.pace.perMinute()).isEqualTo(3);
	}

	private void acquire(int count) throws InterruptedException {
		for (int i = 0; i < count; i++) {
			this.pace.acquire();
			this.permits.add(this.now.get());
		}
	}

}
