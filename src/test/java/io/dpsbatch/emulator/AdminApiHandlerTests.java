package io.dpsbatch.emulator;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AdminApiHandlerTests {

	@Test
	void faultSettingsAreReadFromJsonWithDefaultsForAbsentFields() {
		assertThat(AdminApiHandler.fromJson(json("{}"))).isEqualTo(FaultSettings.none());
		assertThat(AdminApiHandler.fromJson(json("""
				{"throttleRate":0.1,"internalErrorRate":0.2,"unavailableRate":0.3,"dropConnectionRate":0.3,
				 "expiredTokenRate":0.1,"slowRate":1,"slowDelay":"PT2S","seed":-5}""")))
			.isEqualTo(new FaultSettings(0.1, 0.2, 0.3, 0.3, 0.1, 1, Duration.ofSeconds(2), -5));
	}

	@Test
	void theSlowDelayIsADurationOrMilliseconds() {
		assertThat(AdminApiHandler.fromJson(json("{\"slowDelay\":\"750ms\"}")).slowDelay())
			.isEqualTo(Duration.ofMillis(750));
		assertThat(AdminApiHandler.fromJson(json("{\"slowDelay\":1500}")).slowDelay())
			.isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void mistakesAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> AdminApiHandler.fromJson(json("{\"throtleRate\":1}")))
			.withMessageContaining("Unknown field throtleRate");
		assertThatIllegalArgumentException().isThrownBy(() -> AdminApiHandler.fromJson(json("{\"slowRate\":\"x\"}")))
			.withMessageContaining("slowRate");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AdminApiHandler.fromJson(json("{\"slowDelay\":\"soon\"}")))
			.withMessageContaining("slowDelay");
		assertThatIllegalArgumentException().isThrownBy(() -> AdminApiHandler.fromJson(json("{\"seed\":1.5}")))
			.withMessageContaining("seed");
		assertThatIllegalArgumentException().isThrownBy(() -> AdminApiHandler.fromJson(json("[]")));
	}

	@Test
	void settingsWrittenAsJsonReadBackTheSame() {
		FaultSettings settings = new FaultSettings(0.1, 0, 0.2, 0, 0.05, 0.5, Duration.ofMillis(300), 11);

		String written = EmulatorJson.MAPPER.writeValueAsString(AdminApiHandler.toJson(settings));

		assertThat(AdminApiHandler.fromJson(json(written))).isEqualTo(settings);
	}

	private static JsonNode json(String text) {
		return EmulatorJson.MAPPER.readTree(text);
	}

}
