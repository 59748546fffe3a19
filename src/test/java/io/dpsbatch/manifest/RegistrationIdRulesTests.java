package io.dpsbatch.manifest;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RegistrationIdRulesTests {

	@ParameterizedTest
	@ValueSource(strings = { "a", "7", "sensor-th200-000123", "SENSOR-TH200-000123", "a-b", "a.b", "a_b", "a:b", "a..b",
			"a-", "sensor-", "-a", ".a", "_a", ":a", "urn:factory:plant-2:sensor-1" })
	void acceptsValidIds(String id) {
		assertThat(RegistrationIdRules.problemWith(id)).isEmpty();
	}

	@Test
	void acceptsAnIdOfExactly128Characters() {
		assertThat(RegistrationIdRules.problemWith("a".repeat(128))).isEmpty();
	}

	@ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
	@MethodSource
	void rejectsInvalidIds(String id, String expectedReason) {
		assertThat(RegistrationIdRules.problemWith(id))
			.hasValueSatisfying((reason) -> assertThat(reason).startsWith("registration ID").contains(expectedReason));
	}

	static Stream<Arguments> rejectsInvalidIds() {
		return Stream.of(arguments("", "is empty"), arguments(null, "is empty"),
				arguments("a".repeat(129), "is 129 characters long; DPS allows at most 128"),
				arguments("sensor.", "ends with '.'"), arguments("sensor_", "ends with '_'"),
				arguments("sensor:", "ends with ':'"), arguments("..", "ends with '.'"),
				arguments("sensor 1", "contains a space at position 7"),
				arguments(" sensor", "contains a space at position 1"),
				arguments("sensor ", "contains a space at position 7"),
				arguments("plant/sensor", "contains '/' at position 6"),
				arguments("plant\\sensor", "contains '\\' at position 6"),
				arguments("../sensor", "contains '/' at position 3"),
				arguments("sensor\t1", "contains a control character (U+0009) at position 7"),
				arguments("sensor\u00001", "contains a control character (U+0000) at position 7"),
				arguments("sensor\n", "contains a control character (U+000A) at position 7"),
				arguments("capteur-températ", "contains 'é' at position 13"),
				arguments("sensor-\uD83D\uDE00", "contains a non-ASCII character at position 8"),
				arguments("sensor,1", "contains ',' at position 7"),
				arguments("sensor#1", "contains '#' at position 7"));
	}

	@Test
	void idsDifferingOnlyByCaseHaveTheSameIdentity() {
		assertThat(RegistrationIdRules.identityKey("Sensor-TH200-000123"))
			.isEqualTo(RegistrationIdRules.identityKey("sensor-th200-000123"));
		assertThat(RegistrationIdRules.identityKey("sensor-1"))
			.isNotEqualTo(RegistrationIdRules.identityKey("sensor-2"));
	}

}
