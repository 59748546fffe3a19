package io.dpsbatch.keys;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GroupKeyTests {

	/** Microsoft's published vector (docs/dps.md#device-key-derivation). */
	private static final String GROUP_KEY = "8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegxkqIChbqOS9Egw==";

	private static final String REGISTRATION_ID = "sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6";

	private static final String DEVICE_KEY = "Jsm0lyGpjaVYVP2g3FnmnmG9dI/9qU24wNoykUmermc=";

	@Test
	void derivesMicrosoftsPublishedDeviceKey() {
		assertThat(GroupKey.fromBase64(GROUP_KEY).deriveDeviceKey(REGISTRATION_ID).toBase64()).isEqualTo(DEVICE_KEY);
	}

	@Test
	void derivationIsOverTheExactBytesSoCaseMatters() {
		DeviceKey upperCase = GroupKey.fromBase64(GROUP_KEY).deriveDeviceKey(REGISTRATION_ID.toUpperCase());

		assertThat(upperCase.toBase64()).isNotEqualTo(DEVICE_KEY)
			// the value of the 2018 version of Microsoft's page, which was derived from
			// the upper-case ID
			.isEqualTo("9GWVnYuoOLXlHc346XjhLRb9pKgIOrKSwxDRSOgnvXo=");
	}

	@Test
	void surroundingWhitespaceIsIgnored() {
		assertThat(GroupKey.fromBase64("  " + GROUP_KEY + "\n")).isEqualTo(GroupKey.fromBase64(GROUP_KEY));
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "   ", "\n" })
	void emptyKeyIsRefused(String empty) {
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> GroupKey.fromBase64(empty))
			.withMessage("the group key is empty");
	}

	@Test
	void malformedKeyIsRefusedWithoutQuotingIt() {
		String malformed = "8isrFI1sGsIlvvFSSFRi#fCNzv21fjbE";

		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> GroupKey.fromBase64(malformed))
			.withMessage("the group key is not valid base64")
			.withMessageNotContaining("#")
			.withMessageNotContaining("8isrFI1s");
	}

	@Test
	void keysOutsideSixteenToSixtyFourBytesAreRefused() {
		String fifteen = Base64.getEncoder().encodeToString(new byte[15]);
		String sixtyFive = Base64.getEncoder().encodeToString(new byte[65]);

		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> GroupKey.fromBase64(fifteen))
			.withMessage("the group key decodes to 15 bytes; DPS symmetric keys are 16 to 64 bytes")
			.withMessageNotContaining(fifteen);
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> GroupKey.fromBase64(sixtyFive))
			.withMessageStartingWith("the group key decodes to 65 bytes");
		assertThat(GroupKey.fromBase64(Base64.getEncoder().encodeToString(new byte[16]))).isNotNull();
		assertThat(GroupKey.fromBase64(Base64.getEncoder().encodeToString(new byte[64]))).isNotNull();
	}

	@Test
	void neverShowsItselfOrItsDeviceKeys() {
		GroupKey groupKey = GroupKey.fromBase64(GROUP_KEY);
		DeviceKey deviceKey = groupKey.deriveDeviceKey(REGISTRATION_ID);

		assertThat(groupKey).hasToString("GroupKey[hidden]");
		assertThat(deviceKey).hasToString("DeviceKey[hidden]");
		assertThat(new EnrollmentKeys(groupKey, groupKey).toString()).doesNotContain(GROUP_KEY)
			.isEqualTo("EnrollmentKeys[primary=hidden, secondary=hidden]");
		assertThat(new EnrollmentKeys(groupKey, null)).hasToString("EnrollmentKeys[primary=hidden, secondary=none]");
	}

	@Test
	void fingerprintTellsKeysApartWithoutRevealingThem() {
		GroupKey groupKey = GroupKey.fromBase64(GROUP_KEY);
		GroupKey other = GroupKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32]));

		assertThat(groupKey.fingerprint()).matches("sha256:[0-9a-f]{12}")
			.isEqualTo(GroupKey.fromBase64(GROUP_KEY).fingerprint())
			.isNotEqualTo(other.fingerprint());
	}

	@Test
	void equalKeysAreEqual() {
		assertThat(GroupKey.fromBase64(GROUP_KEY)).isEqualTo(GroupKey.fromBase64(GROUP_KEY))
			.hasSameHashCodeAs(GroupKey.fromBase64(GROUP_KEY))
			.isNotEqualTo(GroupKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32])));
	}

	@Test
	void enrollmentKeysNeedAPrimary() {
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> new EnrollmentKeys(null, null));
	}

}
