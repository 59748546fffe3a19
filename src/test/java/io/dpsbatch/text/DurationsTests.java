package io.dpsbatch.text;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTests {

	@Test
	void humanRoundsToTheUnitThatReadsBest() {
		assertThat(Durations.human(Duration.ofSeconds(45))).isEqualTo("45 s");
		assertThat(Durations.human(Duration.ofMinutes(12))).isEqualTo("12 min");
		assertThat(Durations.human(Duration.ofMinutes(150))).isEqualTo(String.format("%.1f h", 2.5));
	}

	@Test
	void preciseShowsAConfiguredLimitExactly() {
		assertThat(Durations.precise(Duration.ofMillis(250))).isEqualTo("250 ms");
		assertThat(Durations.precise(Duration.ofMinutes(5))).isEqualTo("300 s");
	}

	@Test
	void elapsedShowsMinutesAndSecondsThenHoursAndMinutes() {
		assertThat(Durations.elapsed(Duration.ofSeconds(119))).isEqualTo("119 s");
		assertThat(Durations.elapsed(Duration.ofSeconds(725))).isEqualTo("12 min 5 s");
		assertThat(Durations.elapsed(Duration.ofMinutes(125))).isEqualTo("2 h 05 min");
	}

}
