package io.dpsbatch.dps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pacer's arithmetic, on a manual clock: no real waiting. */
class PacerTests {

	private static final Duration RECOVERY = Duration.ofSeconds(10);

	private static final Duration DEFAULT_HOLD = Duration.ofSeconds(2);

	private final ManualTime time = new ManualTime();

	@Test
	void handsOutAboutOneSecondOfPermitsAtOnceThenPaces() {
		Pacer pacer = pacer(600);

		List<CompletableFuture<Void>> permits = acquire(pacer, 11);

		assertThat(permits.subList(0, 10)).allMatch(CompletableFuture::isDone);
		CompletableFuture<Void> eleventh = permits.get(10);
		assertThat(eleventh).isNotDone();
		// refill: 600 - 10 + 1 = 591 per minute, one permit every 101.52 ms
		this.time.advance(Duration.ofMillis(101));
		assertThat(eleventh).isNotDone();
		this.time.advance(Duration.ofMillis(1));
		assertThat(eleventh).isCompleted();
	}

	@Test
	void grantsPermitsInArrivalOrder() {
		Pacer pacer = pacer(60);
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			int index = i;
			pacer.acquire().thenRun(() -> order.add(index));
		}

		this.time.advance(Duration.ofSeconds(30));

		assertThat(order).hasSizeGreaterThan(10).isSorted().startsWith(0, 1, 2);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 7, 60, 120, 900 })
	void noSixtySecondWindowHasMoreRegisterCallsThanThePace(int pace) {
		Pacer pacer = pacer(pace);
		long origin = this.time.getAsLong();
		List<Long> grants = new ArrayList<>();
		for (int i = 0; i < pace * 4 + 10; i++) {
			pacer.acquire().thenRun(() -> grants.add(this.time.elapsedSince(origin)));
		}

		this.time.advance(Duration.ofMinutes(3));

		long minute = Duration.ofMinutes(1).toNanos();
		int busiest = 0;
		for (int first = 0; first < grants.size(); first++) {
			int last = first;
			while (last < grants.size() && grants.get(last) - grants.get(first) < minute) {
				last++;
			}
			busiest = Math.max(busiest, last - first);
		}
		assertThat(busiest).isEqualTo(pace);
		// and the pace is kept, not just respected: three minutes hold nearly three minutes' worth
		assertThat(grants.size()).isGreaterThanOrEqualTo(3 * (pace - Math.max(1, pace / 60)));
	}

	@Test
	void throttlingHalvesThePaceOncePerRetryAfterWindow() {
		Pacer pacer = pacer(900);

		pacer.throttled(Optional.of(Duration.ofSeconds(2)));
		assertThat(pacer.pacePerMinute()).isEqualTo(450);
		// other calls already under way report the same overload
		pacer.throttled(Optional.of(Duration.ofSeconds(2)));
		this.time.advance(Duration.ofMillis(1999));
		pacer.throttled(Optional.of(Duration.ofSeconds(1)));
		assertThat(pacer.pacePerMinute()).isEqualTo(450);

		this.time.advance(Duration.ofMillis(1));
		pacer.throttled(Optional.of(Duration.ofSeconds(2)));
		assertThat(pacer.pacePerMinute()).isEqualTo(225);
	}

	@Test
	void throttlingNeverTakesThePaceBelowFivePercent() {
		Pacer pacer = pacer(900);

		for (int i = 0; i < 10; i++) {
			pacer.throttled(Optional.of(Duration.ofSeconds(1)));
			this.time.advance(Duration.ofSeconds(1));
		}

		assertThat(pacer.pacePerMinute()).isEqualTo(45);
	}

	@Test
	void throttlingNeverTakesThePaceBelowOne() {
		Pacer pacer = pacer(3);

		for (int i = 0; i < 5; i++) {
			pacer.throttled(Optional.of(Duration.ofSeconds(1)));
			this.time.advance(Duration.ofSeconds(1));
		}

		assertThat(pacer.pacePerMinute()).isEqualTo(1);
	}

	@Test
	void throttlingHoldsEveryRegisterCallUntilRetryAfterHasPassed() {
		Pacer pacer = pacer(600);

		pacer.throttled(Optional.of(Duration.ofSeconds(3)));
		List<CompletableFuture<Void>> permits = acquire(pacer, 3);

		this.time.advance(Duration.ofMillis(2999));
		assertThat(permits).noneMatch(CompletableFuture::isDone);
		// the bucket was emptied and did not fill during the hold: at 300/min (refill 296/min) the first
		// permit comes 202.7 ms after the hold
		this.time.advance(Duration.ofMillis(1 + 202));
		assertThat(permits).noneMatch(CompletableFuture::isDone);
		this.time.advance(Duration.ofMillis(1));
		assertThat(permits.get(0)).isCompleted();
		assertThat(permits.get(1)).isNotDone();
	}

	@Test
	void throttlingWithoutRetryAfterHoldsForTheDefault() {
		Pacer pacer = pacer(6000);

		pacer.throttled(Optional.empty());
		CompletableFuture<Void> permit = pacer.acquire();

		this.time.advance(DEFAULT_HOLD.minusMillis(1));
		assertThat(permit).isNotDone();
		this.time.advance(Duration.ofMillis(50));
		assertThat(permit).isCompleted();
	}

	@Test
	void paceRecoversByATenthEveryQuietInterval() {
		Pacer pacer = pacer(1000);
		pacer.throttled(Optional.of(Duration.ofSeconds(1)));
		assertThat(pacer.pacePerMinute()).isEqualTo(500);

		this.time.advance(RECOVERY.minusMillis(1));
		assertThat(pacer.pacePerMinute()).isEqualTo(500);
		this.time.advance(Duration.ofMillis(1));
		assertThat(pacer.pacePerMinute()).isEqualTo(600);
		this.time.advance(RECOVERY.multipliedBy(3));
		assertThat(pacer.pacePerMinute()).isEqualTo(900);
		this.time.advance(RECOVERY.multipliedBy(5));
		assertThat(pacer.pacePerMinute()).isEqualTo(1000);
	}

	@Test
	void anotherThrottleRestartsTheRecovery() {
		Pacer pacer = pacer(1000);
		pacer.throttled(Optional.of(Duration.ofSeconds(1)));
		this.time.advance(Duration.ofSeconds(9));

		pacer.throttled(Optional.of(Duration.ofSeconds(1)));
		assertThat(pacer.pacePerMinute()).isEqualTo(250);
		this.time.advance(Duration.ofSeconds(9));
		assertThat(pacer.pacePerMinute()).isEqualTo(250);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(pacer.pacePerMinute()).isEqualTo(350);
	}

	@Test
	void cancelledPermitGivesItsTurnToTheNext() {
		Pacer pacer = pacer(60);
		assertThat(pacer.acquire()).isCompleted();
		CompletableFuture<Void> abandoned = pacer.acquire();
		CompletableFuture<Void> next = pacer.acquire();

		abandoned.cancel(false);
		this.time.advance(Duration.ofSeconds(1));

		assertThat(next).isCompleted();
	}

	@Test
	void closeCancelsWaitingPermitsAndRefusesNewOnes() {
		Pacer pacer = pacer(60);
		pacer.acquire();
		CompletableFuture<Void> waiting = pacer.acquire();

		pacer.close();

		assertThatThrownBy(waiting::join).isInstanceOf(CancellationException.class);
		assertThatThrownBy(() -> pacer.acquire().join()).isInstanceOf(CancellationException.class);
	}

	private Pacer pacer(int registrationsPerMinute) {
		return new Pacer(registrationsPerMinute, RECOVERY, DEFAULT_HOLD, this.time, this.time);
	}

	private static List<CompletableFuture<Void>> acquire(Pacer pacer, int count) {
		List<CompletableFuture<Void>> permits = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			permits.add(pacer.acquire());
		}
		return permits;
	}

}
