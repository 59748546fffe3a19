package io.dpsbatch.dps;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate controller against a simulated DPS quota on a manual clock
 * ({@link QuotaSimulation}): the shapes of quota sharing with the field, each with the
 * share of the room the run gets and the 429s it earns.
 */
class PaceControllerTests {

	@Test
	void takesMostOfWhatTheFieldLeavesWithFew429s() {
		// quota 1,000/min, the field uses 300/min, the run is configured at 900/min
		QuotaSimulation dps = new QuotaSimulation(1000, (t) -> 300, 0, 900, 0.2);
		dps.run(20); // learning
		long accepted = dps.run(120);

		double perMinute = accepted / 2.0;
		System.out.printf("shared quota: %.0f/min of 700 left, run 429s %.2f%%, field 429s %.2f%%%n", perMinute,
				100 * dps.runThrottledShare(), 100 * dps.fieldThrottledShare());
		assertThat(perMinute).isGreaterThanOrEqualTo(0.85 * 700);
		assertThat(dps.runThrottledShare()).isLessThanOrEqualTo(0.03);
	}

	@Test
	void atAQuotaEqualToThePaceKeepsItBusyWithoutThrottling() {
		QuotaSimulation dps = new QuotaSimulation(1000, (t) -> 0, 0, 1000, 0.2);
		long accepted = dps.run(180);

		double perMinute = accepted / 3.0;
		System.out.printf("quota = pace: %.0f/min, run 429s %.2f%%%n", perMinute, 100 * dps.runThrottledShare());
		assertThat(perMinute).isGreaterThanOrEqualTo(0.95 * 1000);
		assertThat(dps.runThrottledShare()).isLessThan(0.01);
	}

	@Test
	void makesRoomWithinSecondsWhenTheFieldSurgesAndTakesItBackAfter() {
		// field 200/min, 600/min from 60 s to 100 s, then 100/min
		QuotaSimulation dps = new QuotaSimulation(1000, (t) -> (t < 60) ? 200 : (t < 100) ? 600 : 100, 0, 900, 0.2);
		dps.run(60);
		long fieldThrottledBefore = dps.fieldThrottled;
		dps.run(10);
		double paceTenSecondsIntoSurge = dps.controller().pace();
		dps.run(30);
		long fieldThrottledInSurge = dps.fieldThrottled - fieldThrottledBefore;
		dps.run(30);
		long acceptedAfter = dps.run(60);

		System.out.printf("surge: pace %.0f/min 10 s in, field 429s %d of %d (%.2f%%), after: %d/min of 900%n",
				paceTenSecondsIntoSurge, dps.fieldThrottled, dps.fieldCalls, 100 * dps.fieldThrottledShare(),
				acceptedAfter);
		assertThat(paceTenSecondsIntoSurge).isLessThanOrEqualTo(420);
		// the field's 429s, which the run never sees: once the surge is met, the run does
		// not climb back into it
		assertThat(fieldThrottledInSurge).isLessThanOrEqualTo(12);
		assertThat(dps.fieldThrottledShare()).isLessThanOrEqualTo(0.02);
		// 900 configured, 900 room after the surge: takes it back
		assertThat(acceptedAfter).isGreaterThanOrEqualTo((long) (0.9 * 900));
	}

	@Test
	void aQuotaThatDropsMidRunIsFollowed() {
		QuotaSimulation dps = new QuotaSimulation(1000, (t) -> 0, 0, 1000, 0.2);
		dps.run(60);
		dps.quota(500);
		dps.run(20);
		long throttledBefore = dps.runThrottled;
		long callsBefore = dps.runCalls;
		long accepted = dps.run(60);

		double share = (double) (dps.runThrottled - throttledBefore) / (dps.runCalls - callsBefore);
		System.out.printf("quota drop: %d/min of 500 left, run 429s %.2f%%%n", accepted, 100 * share);
		assertThat(accepted).isGreaterThanOrEqualTo((long) (0.85 * 500));
		assertThat(share).isLessThanOrEqualTo(0.05);
	}

	@Test
	void aTrickleOf429sThatDoNotComeFromTheQuotaDoesNotHoldTheRun() {
		// 10% of register calls answered 429 whatever the pace, no quota: slowing down
		// would not help
		QuotaSimulation dps = new QuotaSimulation(0, (t) -> 0, 0.10, 900, 0.2);
		dps.run(30);
		long calls = dps.runCalls;
		dps.run(120);

		double perMinute = (dps.runCalls - calls) / 2.0;
		System.out.printf("random 429s: %.0f calls/min of 900%n", perMinute);
		assertThat(perMinute).isGreaterThanOrEqualTo(0.45 * 900);
	}

	@Test
	void judgesWholeBlocksNotSingle429s() {
		PaceController controller = new PaceController(600, 0);
		long t = 0;
		for (int i = 0; i < PaceController.BLOCK_ANSWERS - 1; i++) {
			t += 50_000_000L;
			assertThat(controller.answered(t, t, i < 3)).isZero();
		}
		assertThat(controller.pace()).isEqualTo(600);

		// 3 of 40 answered 429 against no background: quota throttling, the pace drops by
		// about that share
		assertThat(controller.answered(t + 50_000_000L, t, false)).isNegative();
		// by three times the excess share (a run's own share of 429s understates how far
		// over the quota the instance is: the field's calls, spread over time, find the
		// bucket empty more often)
		assertThat(controller.pace()).isCloseTo(600 * (1 - 3 * 3 / 40.0), org.assertj.core.data.Offset.offset(0.01));
	}

	@Test
	void aSingle429WhereDpsRefusesNothingElseHoldsThePace() {
		PaceController controller = new PaceController(600, 0);
		long t = 0;
		for (int i = 0; i < PaceController.BLOCK_ANSWERS; i++) {
			t += 50_000_000L;
			controller.answered(t, t, i == 10);
		}
		assertThat(controller.pace()).isEqualTo(600);
		t = lowerThePace(controller, t);
		double lowered = controller.pace();
		// one 429 in the next block: the run is at the edge of its room, neither up nor
		// down
		for (int i = 0; i < PaceController.BLOCK_ANSWERS; i++) {
			t += 50_000_000L;
			controller.answered(t, t, i == 10);
		}
		assertThat(controller.pace()).isEqualTo(lowered);
		// none in the one after: up again
		for (int i = 0; i < PaceController.BLOCK_ANSWERS; i++) {
			t += 50_000_000L;
			controller.answered(t, t, false);
		}
		assertThat(controller.pace()).isGreaterThan(lowered);
	}

	@Test
	void throttledAgainBelowTheLastEdgeTheRunStopsClimbingShortOfIt() {
		PaceController controller = new PaceController(1000, 0);
		long t = lowerThePace(controller, 0); // the edge is 1000
		double throttledAt = controller.pace();
		t = lowerThePace(controller, t); // throttled below 1000: the room shrank
		double lowered = controller.pace();
		// the fast rise stops at 85% of an edge halfway between where DPS throttled and
		// the pace it fell to, not at 850 (85% of the first edge)
		for (int block = 0; block < 5; block++) {
			for (int i = 0; i < PaceController.BLOCK_ANSWERS; i++) {
				t += 100_000_000L;
				controller.answered(t, t, false);
			}
		}
		assertThat(controller.pace()).isGreaterThan(lowered).isLessThan(0.85 * throttledAt);
	}

	/** A block of answers with one 429 in ten against no background: the pace drops. */
	private static long lowerThePace(PaceController controller, long t) {
		double before = controller.pace();
		for (int i = 0; i < PaceController.BLOCK_ANSWERS && controller.pace() == before; i++) {
			t += 10_000_000L;
			controller.answered(t, t, i % 10 == 0);
		}
		assertThat(controller.pace()).isLessThan(before);
		return t + 1;
	}

	@Test
	void whenDpsAcceptsNothingThePaceIsNeverRestored() {
		PaceController controller = new PaceController(900, 0);
		long t = 0;
		double last = controller.pace();
		for (int block = 0; block < 6; block++) {
			for (int i = 0; i < PaceController.BLOCK_ANSWERS; i++) {
				t += 10_000_000L;
				controller.answered(t, t, true);
			}
			// every answer a 429: nothing tells faults from a quota used up, so the pace
			// only goes down
			assertThat(controller.pace()).isLessThanOrEqualTo(last);
			last = controller.pace();
		}
		assertThat(last).isLessThan(900 * 0.4);
	}

}
