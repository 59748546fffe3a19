package io.dpsbatch.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPS's documented rule (concepts-service, "Registration ID"), read independently of the
 * client's rules.
 */
class RegistrationIdsTests {

	@ParameterizedTest
	@ValueSource(
			strings = { "a", "device-001", "Device-001", "sn:007.888_abc", "ends-with-dash-", ".starts-with-dot", "-" })
	void documentedIdsAreValid(String id) {
		assertThat(RegistrationIds.valid(id)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "ends-with-dot.", "ends-with-colon:", "ends_with_underscore_", "has space",
			"has/slash", "très", "has+plus" })
	void otherIdsAreNot(String id) {
		assertThat(RegistrationIds.valid(id)).isFalse();
	}

	@Test
	void atMost128Characters() {
		assertThat(RegistrationIds.valid("a".repeat(128))).isTrue();
		assertThat(RegistrationIds.valid("a".repeat(129))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Device-001", "DEVICE-001", "device-001" })
	void idsDifferingByCaseShareAKey(String id) {
		assertThat(RegistrationIds.key(id)).isEqualTo("device-001");
	}

}
