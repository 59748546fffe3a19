package io.dpsbatch.emulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceSasVerifierTests {

	/** The IoT Hub example key of Microsoft's "HTTPS without an SDK" page, reused. */
	static final String KEY = "18RQk/hOPJR9EbsJlk2j8WA6vWaj/yi+oaYg7zmxfQNdOyMSu+SJ8O7TSlZhDJCYmn4rzEiVKIzNiVAWjLxrGA==";

	static final String HOST = "0ne00emu001.dps-emulator.localhost";

	static final long SE = 1_700_000_000L;

	@TempDir
	Path stateDir;

	private final ServiceSasVerifier verifier = new ServiceSasVerifier(
			Clock.fixed(Instant.ofEpochSecond(SE - 600), ZoneOffset.UTC));

	private EmulatedInstances instances;

	@BeforeEach
	void instances() {
		EmulatorProperties properties = EmulatorProperties.bind(Map.of("emulator.state-dir", this.stateDir.toString(),
				"emulator.service-key", KEY, "emulator.enrollments.eu.id-scope", "0ne00EMU002"));
		StateDirectory state = StateDirectory.open(properties.stateDir());
		this.instances = EmulatedInstances.create(properties, EnrollmentGroupKeys.loadOrCreate(properties, state),
				state, new AssignmentPolicy(properties.hubs(), new IdPatterns(List.of()), new IdPatterns(List.of()),
						properties.customAllocation()),
				Clock.systemUTC(), System::nanoTime);
	}

	@AfterEach
	void close() {
		this.instances.close();
	}

	@Test
	void theDocumentedFormulaGivesTheKnownVector() {
		// computed apart with Python's hmac over quote_plus(host) + "\n" + se
		assertThat(ServiceSas.signature(HOST, KEY, SE)).isEqualTo("GbADGOCFrAOL0nRmupaA8iRmsm+VrGPQ3E8WL8ijeTs=");
		assertThat(ServiceSas.token(HOST, KEY, SE, "provisioningserviceowner"))
			.isEqualTo("SharedAccessSignature sr=0ne00emu001.dps-emulator.localhost"
					+ "&sig=GbADGOCFrAOL0nRmupaA8iRmsm%2BVrGPQ3E8WL8ijeTs%3D&se=1700000000&skn=provisioningserviceowner");
	}

	@Test
	void aTokenSignedWithThePolicyKeyAuthorisesItsInstance() {
		ServiceSasVerifier.Verification verification = this.verifier
			.verify(ServiceSas.token(HOST, KEY, SE, "provisioningserviceowner"), "localhost:8443", this.instances);

		assertThat(verification.problem()).isNull();
		assertThat(verification.instance().idScope()).isEqualTo("0ne00EMU001");
	}

	@Test
	void theSignatureIsOverSrAsSentAndHostsCompareWithoutCase() {
		String upper = HOST.toUpperCase(java.util.Locale.ROOT);
		String token = "SharedAccessSignature sr=" + upper + "&sig=" + java.net.URLEncoder
			.encode("0oSYmwSqMtkhEca7dXFO7rz6u8DeE4tAoGDtmw1/iPY=", java.nio.charset.StandardCharsets.UTF_8) + "&se="
				+ SE + "&skn=provisioningserviceowner";

		assertThat(ServiceSas.signature(upper, KEY, SE)).isEqualTo("0oSYmwSqMtkhEca7dXFO7rz6u8DeE4tAoGDtmw1/iPY=");
		assertThat(this.verifier.verify(token, HOST + ":443", this.instances).problem()).isNull();
	}

	@Test
	void theHostHeaderChoosesTheInstanceAndTheTokenMustNameIt() {
		String eu = this.instances.find("0ne00EMU002").service().hostName();

		assertThat(eu).isEqualTo("0ne00emu002.dps-emulator.localhost");
		assertThat(this.verifier.verify(ServiceSas.token(HOST, KEY, SE, "provisioningserviceowner"), eu, this.instances)
			.problem()).contains("another host");
	}

	@Test
	void wrongKeyExpiredWrongPolicyOrUnknownHostAreRefused() {
		String otherKey = this.instances.find("0ne00EMU002").service().policyKey();

		assertThat(refusal(ServiceSas.token(HOST, otherKey, SE, "provisioningserviceowner"))).contains("signature");
		assertThat(new ServiceSasVerifier(Clock.fixed(Instant.ofEpochSecond(SE), ZoneOffset.UTC))
			.verify(ServiceSas.token(HOST, KEY, SE, "provisioningserviceowner"), HOST, this.instances)
			.problem()).contains("expired");
		assertThat(refusal(ServiceSas.token(HOST, KEY, SE, "registration"))).contains("skn");
		assertThat(refusal(ServiceSas.token("other.dps-emulator.localhost", KEY, SE, "provisioningserviceowner")))
			.contains("no emulated instance");
		assertThat(refusal(null)).isNotNull();
	}

	@Test
	void theHostHeaderLosesItsPort() {
		assertThat(ServiceSasVerifier.hostName("Example.Localhost:8443")).isEqualTo("example.localhost");
		assertThat(ServiceSasVerifier.hostName("[::1]")).isEqualTo("[::1]");
		assertThat(ServiceSasVerifier.hostName(null)).isEmpty();
	}

	private String refusal(String token) {
		return this.verifier.verify(token, "localhost", this.instances).problem();
	}

}
