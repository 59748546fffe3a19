package io.dpsbatch.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FaultInjectorTests {

	@Test
	void noFaultsMeansNoFaultEver() {
		FaultInjector injector = new FaultInjector(FaultSettings.none());

		for (int i = 0; i < 1000; i++) {
			FaultInjector.Fault fault = injector.next();
			assertThat(fault.injected()).isFalse();
			assertThat(fault.delay()).isZero();
		}
	}

	@Test
	void aRateOfOneHitsEveryRequest() {
		assertThat(new FaultInjector(new FaultSettings(1, 0, 0, 0, 0, 0, null, 0)).next().kind())
			.isEqualTo(FaultInjector.Kind.THROTTLE);
		assertThat(new FaultInjector(new FaultSettings(0, 1, 0, 0, 0, 0, null, 0)).next().kind())
			.isEqualTo(FaultInjector.Kind.INTERNAL_ERROR);
		assertThat(new FaultInjector(new FaultSettings(0, 0, 1, 0, 0, 0, null, 0)).next().kind())
			.isEqualTo(FaultInjector.Kind.UNAVAILABLE);
		assertThat(new FaultInjector(new FaultSettings(0, 0, 0, 1, 0, 0, null, 0)).next().kind())
			.isEqualTo(FaultInjector.Kind.DROP_CONNECTION);
		assertThat(new FaultInjector(new FaultSettings(0, 0, 0, 0, 1, 0, null, 0)).next().kind())
			.isEqualTo(FaultInjector.Kind.EXPIRED_TOKEN);
		FaultInjector.Fault slow = new FaultInjector(new FaultSettings(0, 0, 0, 0, 0, 1, Duration.ofMillis(250), 0))
			.next();
		assertThat(slow.kind()).isEqualTo(FaultInjector.Kind.NONE);
		assertThat(slow.delay()).isEqualTo(Duration.ofMillis(250));
		assertThat(slow.injected()).isTrue();
	}

	@Test
	void faultsComeAtAboutTheirRatesAndSlownessIndependently() {
		FaultInjector injector = new FaultInjector(new FaultSettings(0.1, 0.2, 0.05, 0.05, 0, 0.3, null, 7));
		Map<FaultInjector.Kind, Integer> kinds = new EnumMap<>(FaultInjector.Kind.class);
		int slow = 0;
		int slowErrors = 0;
		int draws = 20_000;
		for (int i = 0; i < draws; i++) {
			FaultInjector.Fault fault = injector.next();
			kinds.merge(fault.kind(), 1, Integer::sum);
			if (!fault.delay().isZero()) {
				slow++;
				if (fault.kind() != FaultInjector.Kind.NONE) {
					slowErrors++;
				}
			}
		}
		assertThat(kinds.get(FaultInjector.Kind.THROTTLE) / (double) draws).isBetween(0.09, 0.11);
		assertThat(kinds.get(FaultInjector.Kind.INTERNAL_ERROR) / (double) draws).isBetween(0.185, 0.215);
		assertThat(kinds.get(FaultInjector.Kind.UNAVAILABLE) / (double) draws).isBetween(0.04, 0.06);
		assertThat(kinds.get(FaultInjector.Kind.DROP_CONNECTION) / (double) draws).isBetween(0.04, 0.06);
		assertThat(slow / (double) draws).isBetween(0.28, 0.32);
		// 40 % of requests get an error, independently of being slow
		assertThat(slowErrors / (double) slow).isBetween(0.37, 0.43);
	}

	@Test
	void theSameSeedGivesTheSameFaultsAndAnotherSeedOthers() {
		FaultSettings settings = new FaultSettings(0.2, 0.2, 0.2, 0.2, 0, 0.5, null, 42);

		assertThat(draw(new FaultInjector(settings), 200)).isEqualTo(draw(new FaultInjector(settings), 200))
			.isNotEqualTo(draw(new FaultInjector(new FaultSettings(0.2, 0.2, 0.2, 0.2, 0, 0.5, null, 43)), 200));
	}

	private static List<FaultInjector.Fault> draw(FaultInjector injector, int count) {
		List<FaultInjector.Fault> faults = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			faults.add(injector.next());
		}
		return faults;
	}

	@Test
	void aDevicesNextRequestAfterAnExpiredTokenIsNeverTakenAsExpiredToo() {
		FaultInjector injector = new FaultInjector(new FaultSettings(0, 0, 0, 0, 1, 0, null, 0));

		assertThat(injector.next("dev-1").kind()).isEqualTo(FaultInjector.Kind.EXPIRED_TOKEN);
		assertThat(injector.next("DEV-1").injected()).isFalse();
		assertThat(injector.next("dev-2").kind()).isEqualTo(FaultInjector.Kind.EXPIRED_TOKEN);
		assertThat(injector.next("dev-1").kind()).isEqualTo(FaultInjector.Kind.EXPIRED_TOKEN);
	}

}
