package io.dpsbatch.emulator;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FaultSettingsTests {

	@Test
	void noneHasNoFaultAndTheDefaultDelay() {
		FaultSettings none = FaultSettings.none();

		assertThat(none.isNone()).isTrue();
		assertThat(none.slowDelay()).isEqualTo(Duration.ofSeconds(1));
		assertThat(new FaultSettings(0, 0, 0, 0, 0, 0, null, 0)).isEqualTo(none);
	}

	@Test
	void anyRateMakesItNotNone() {
		assertThat(new FaultSettings(0, 0, 0, 0, 0, 0.01, null, 0).isNone()).isFalse();
		assertThat(new FaultSettings(0, 0, 0, 0.01, 0, 0, null, 0).isNone()).isFalse();
		assertThat(new FaultSettings(0, 0, 0, 0, 0.01, 0, null, 0).isNone()).isFalse();
	}

	@Test
	void ratesMustBeProbabilitiesAndTheErrorRatesAddUpToAtMostOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FaultSettings(-0.1, 0, 0, 0, 0, 0, null, 0))
			.withMessageContaining("throttleRate");
		assertThatIllegalArgumentException().isThrownBy(() -> new FaultSettings(0, 0, 0, 0, 0, 1.5, null, 0))
			.withMessageContaining("slowRate");
		assertThatIllegalArgumentException().isThrownBy(() -> new FaultSettings(0, Double.NaN, 0, 0, 0, 0, null, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new FaultSettings(0.5, 0.3, 0.3, 0, 0, 0, null, 0))
			.withMessageContaining("add up to more than 1");
		assertThat(new FaultSettings(0.25, 0.25, 0.25, 0.25, 0, 1, null, 0).throttleRate()).isEqualTo(0.25);
	}

	@Test
	void theDelayMustNotBeNegative() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new FaultSettings(0, 0, 0, 0, 0, 0, Duration.ofMillis(-1), 0));
	}

	@Test
	void dropAfterActingIsAnErrorFaultOfItsOwn() {
		FaultSettings settings = new FaultSettings(0.5, 0, 0, 0, 0, 0, null, 0, 0.5);

		assertThat(settings.isNone()).isFalse();
		assertThat(new FaultInjector(new FaultSettings(0, 0, 0, 0, 0, 0, null, 0, 1)).next().kind())
			.isEqualTo(FaultInjector.Kind.DROP_AFTER_ACTING);
		assertThatIllegalArgumentException().isThrownBy(() -> new FaultSettings(0.6, 0, 0, 0, 0, 0, null, 0, 0.5))
			.withMessageContaining("drop after acting");
		assertThat(EmulatorProperties.bind(java.util.Map.of("emulator.faults.drop-after-acting-rate", "0.25"))
			.faults()
			.dropAfterActingRate()).isEqualTo(0.25);
		assertThat(AdminApiHandler.fromJson(EmulatorJson.MAPPER.readTree("{\"dropAfterActingRate\":0.1}")))
			.isEqualTo(new FaultSettings(0, 0, 0, 0, 0, 0, null, 0, 0.1));
		assertThat(AdminApiHandler.toJson(settings)).containsEntry("dropAfterActingRate", 0.5);
	}

}
