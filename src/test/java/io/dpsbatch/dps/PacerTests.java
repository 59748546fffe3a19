package io.dpsbatch.dps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pacer's arithmetic, on a manual clock: no real waiting. */
class PacerTests {

	private final ManualTime time = new ManualTime();

	@Test
	void startsWithOnePermitThenPaces() {
		Pacer pacer = pacer(600);

		List<CompletableFuture<Void>> permits = acquire(pacer, 3);

		assertThat(permits.get(0)).isCompleted();
		assertThat(permits.get(1)).isNotDone();
		// refill: 600 - 2 + 1 = 599 per minute, one permit every 100.17 ms
		this.time.advance(Duration.ofMillis(100));
		assertThat(permits.get(1)).isNotDone();
		this.time.advance(Duration.ofMillis(1));
		assertThat(permits.get(1)).isCompleted();
		assertThat(permits.get(2)).isNotDone();
		this.time.advance(Duration.ofMillis(100));
		assertThat(permits.get(2)).isCompleted();
	}

	@Test
	void aRunStartsAtThePaceWithoutABurst() {
		// the demo that earned 429s: pace 900/min against a DPS quota of 1,000/min
		Pacer pacer = pacer(900);
		long origin = this.time.getAsLong();
		List<Long> grants = new ArrayList<>();
		for (int i = 0; i < 68; i++) {
			pacer.acquire().thenRun(() -> answerAtOnce(pacer, grants, origin));
		}

		this.time.advance(Duration.ofSeconds(1));

		// one permit at once, then one every 60/899 s: 15 in the first second, where a
		// full bucket would have let 15 go at once and 29 within the second
		assertThat(grants).hasSize(15);
		assertThat(grants.get(1)).isGreaterThan(Duration.ofMillis(66).toNanos());
	}

	@Test
	void anIdleBucketSavesUpOnlyATenthOfASecond() {
		Pacer pacer = pacer(60_000);
		assertThat(pacer.acquire()).isCompleted();

		this.time.advance(Duration.ofMinutes(5));
		List<CompletableFuture<Void>> permits = acquire(pacer, 101);

		assertThat(permits.subList(0, 100)).allMatch(CompletableFuture::isDone);
		assertThat(permits.get(100)).isNotDone();
	}

	@Test
	void aSlowPaceSavesUpOnePermitAndAModerateOneTwo() {
		Pacer slow = pacer(30);
		Pacer moderate = pacer(1000);
		slow.acquire();
		moderate.acquire();

		this.time.advance(Duration.ofMinutes(5));

		assertThat(acquire(slow, 2)).filteredOn(CompletableFuture::isDone).hasSize(1);
		assertThat(acquire(moderate, 3)).filteredOn(CompletableFuture::isDone).hasSize(2);
	}

	@Test
	void grantsPermitsInArrivalOrder() {
		Pacer pacer = pacer(60);
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			int index = i;
			pacer.acquire().thenRun(() -> {
				order.add(index);
				pacer.answered(pacer.now(), false);
			});
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
			pacer.acquire().thenRun(() -> answerAtOnce(pacer, grants, origin));
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
		assertThat(busiest).isLessThanOrEqualTo(pace).isGreaterThanOrEqualTo(pace - 1);
		// and the pace is kept, not just respected: three minutes hold three minutes'
		// worth, less at most one permit a minute
		assertThat(grants.size()).isGreaterThanOrEqualTo(3 * (pace - 1));
	}

	@Test
	void noPermitWhileHalfASecondOfRegisterCallsAwaitTheirAnswer() {
		// 1,200/min: 10 calls awaiting an answer at most
		Pacer pacer = pacer(1200);
		List<CompletableFuture<Void>> permits = acquire(pacer, 12);

		this.time.advance(Duration.ofSeconds(5));
		assertThat(permits.subList(0, 10)).allMatch(CompletableFuture::isDone);
		assertThat(permits.subList(10, 12)).noneMatch(CompletableFuture::isDone);

		pacer.answered(pacer.now(), false);
		this.time.advance(Duration.ZERO);
		assertThat(permits.get(10)).isCompleted();
		assertThat(permits.get(11)).isNotDone();
	}

	@Test
	void callsHeldUpAtTheStartReachDpsInABurstSmallerThanItsOwnReserve() {
		// the first connections take seconds to open: nothing is answered meanwhile
		Pacer pacer = pacer(1000);
		List<CompletableFuture<Void>> permits = acquire(pacer, 60);
		this.time.advance(Duration.ofSeconds(3));
		assertThat(permits).filteredOn(CompletableFuture::isDone).hasSize(9);

		// then they all reach DPS and are answered together
		for (int i = 0; i < 9; i++) {
			pacer.answered(pacer.now(), false);
		}
		this.time.advance(Duration.ZERO);

		// 9 in flight plus the 2 the bucket saved: 11, where DPS holds a second's worth
		// (17)
		assertThat(permits).filteredOn(CompletableFuture::isDone).hasSize(11);
	}

	@Test
	void aPermitCancelledBeforeItsTurnTakesNoSlotOfTheCallsAwaitingAnswers() {
		Pacer pacer = pacer(60);
		List<CompletableFuture<Void>> permits = acquire(pacer, 6);
		permits.get(1).cancel(false);

		this.time.advance(Duration.ofSeconds(10));

		// 4 await their answer: the first, then the third to the fifth; the cancelled one
		// took no slot
		assertThat(permits.get(4)).isCompleted();
		assertThat(permits.get(5)).isNotDone();
	}

	@Test
	void aThrottledAnswerHoldsNoOtherRegisterCall() {
		Pacer pacer = pacer(600);
		CompletableFuture<Void> first = pacer.acquire();
		long sentAt = pacer.now();
		pacer.answered(sentAt, true);

		// the next permit comes at the pace, not after the 429's Retry-After
		CompletableFuture<Void> next = pacer.acquire();
		this.time.advance(Duration.ofMillis(101));
		assertThat(first).isCompleted();
		assertThat(next).isCompleted();
		assertThat(pacer.pacePerMinute()).isEqualTo(600);
	}

	@Test
	void aBlockOfAnswersWithQuota429sLowersThePaceTheBlockAfterRaisesIt() {
		Pacer pacer = pacer(600);
		for (int i = 0; i < PaceController.BLOCK_ANSWERS; i++) {
			pacer.acquire();
			this.time.advance(Duration.ofMillis(100));
			pacer.answered(pacer.now(), i % 10 == 0);
		}
		int lowered = pacer.pacePerMinute();
		assertThat(lowered).isLessThan(600);

		for (int i = 0; i < PaceController.BLOCK_ANSWERS; i++) {
			pacer.acquire();
			this.time.advance(Duration.ofMillis(150));
			pacer.answered(pacer.now(), false);
		}
		assertThat(pacer.pacePerMinute()).isGreaterThan(lowered);
	}

	@Test
	void answersToCallsThatGotNoAnswerDoNotMoveThePace() {
		Pacer pacer = pacer(600);
		for (int i = 0; i < 3 * PaceController.BLOCK_ANSWERS; i++) {
			pacer.acquire();
			this.time.advance(Duration.ofMillis(100));
			pacer.answered(null, false);
		}
		assertThat(pacer.pacePerMinute()).isEqualTo(600);
	}

	@Test
	void cancelledPermitGivesItsTurnToTheNext() {
		Pacer pacer = pacer(60);
		assertThat(pacer.acquire()).isCompleted();
		CompletableFuture<Void> abandoned = pacer.acquire();
		CompletableFuture<Void> next = pacer.acquire();

		abandoned.cancel(false);
		// refill 59/min: the next permit is due after 1.017 s, the one after it after
		// 2.034 s
		this.time.advance(Duration.ofMillis(1020));

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
		return new Pacer(registrationsPerMinute, this.time, this.time);
	}

	/** A register call answered as soon as it is sent. */
	private void answerAtOnce(Pacer pacer, List<Long> grants, long origin) {
		grants.add(this.time.elapsedSince(origin));
		pacer.answered(pacer.now(), false);
	}

	private static List<CompletableFuture<Void>> acquire(Pacer pacer, int count) {
		List<CompletableFuture<Void>> permits = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			permits.add(pacer.acquire());
		}
		return permits;
	}

}
