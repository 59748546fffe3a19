package io.dpsbatch.keys;

import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SasTokenTests {

	private static final String REGISTRATION_ID = "sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6";

	private static final DeviceKey DEVICE_KEY = new DeviceKey(
			Base64.getDecoder().decode("Jsm0lyGpjaVYVP2g3FnmnmG9dI/9qU24wNoykUmermc="));

	@Test
	void signsTheEncodedResourceAndExpiry() {
		SasToken token = SasToken.create("0ne00000A0A", REGISTRATION_ID, DEVICE_KEY, Instant.ofEpochSecond(1700000000));

		// docs/dps.md#sas-test-vectors: quote_plus-encoded sr
		assertThat(token.signature()).isEqualTo("t6/8JHWQuQgM9mXdYf/uIqa3dKECOEk9Rr4WrFV19q0=");
		assertThat(token.resourceUri()).isEqualTo("0ne00000A0A/registrations/" + REGISTRATION_ID);
		assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(1700000000));
	}

	@Test
	void headerValueAsDpsExpectsIt() {
		SasToken token = SasToken.create("0ne00000A0A", REGISTRATION_ID, DEVICE_KEY, Instant.ofEpochSecond(1700000000));

		assertThat(token.headerValue())
			.isEqualTo("SharedAccessSignature sr=0ne00000A0A%2Fregistrations%2F" + REGISTRATION_ID
					+ "&sig=t6%2F8JHWQuQgM9mXdYf%2FuIqa3dKECOEk9Rr4WrFV19q0%3D&se=1700000000&skn=registration");
	}

	@Test
	void stringToSignReproducesMicrosoftsDocumentedSignature() {
		// the IoT Hub example of
		// learn.microsoft.com/azure/iot-dps/iot-dps-https-sym-key-support
		// (docs/dps.md#sas-test-vectors)
		DeviceKey key = new DeviceKey(Base64.getDecoder()
			.decode("18RQk/hOPJR9EbsJlk2j8WA6vWaj/yi+oaYg7zmxfQNdOyMSu+SJ8O7TSlZhDJCYmn4rzEiVKIzNiVAWjLxrGA=="));

		String stringToSign = SasToken.stringToSign("MyExampleHub.azure-devices.net%2Fdevices%2Fmy-symkey-device",
				1663119026);

		assertThat(stringToSign).isEqualTo("MyExampleHub.azure-devices.net%2Fdevices%2Fmy-symkey-device\n1663119026");
		assertThat(Base64.getEncoder().encodeToString(key.sign(stringToSign.getBytes())))
			.isEqualTo("f+wW8XOKeJOtiPc9Iwjc4OpExvPM7NlhM9qxN2a1aAM=");
	}

	@Test
	void aDifferentExpiryIsADifferentSignature() {
		SasToken first = SasToken.create("0ne00000A0A", REGISTRATION_ID, DEVICE_KEY, Instant.ofEpochSecond(1700000000));
		SasToken later = SasToken.create("0ne00000A0A", REGISTRATION_ID, DEVICE_KEY, Instant.ofEpochSecond(1700000001));

		assertThat(later.signature()).isNotEqualTo(first.signature());
	}

	@Test
	void toStringHidesTheSignature() {
		SasToken token = SasToken.create("0ne00000A0A", REGISTRATION_ID, DEVICE_KEY, Instant.ofEpochSecond(1700000000));

		assertThat(token.toString()).doesNotContain("t6/8JHWQ")
			.doesNotContain("t6%2F8")
			.isEqualTo("SasToken[sr=0ne00000A0A/registrations/" + REGISTRATION_ID + ", se=1700000000, sig=hidden]");
	}

}
