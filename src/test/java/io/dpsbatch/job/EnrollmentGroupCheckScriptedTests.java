package io.dpsbatch.job;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.dps.HttpsWireMock;
import io.dpsbatch.dps.TestTls;
import io.dpsbatch.enrollment.EnrollmentProperties;
import io.dpsbatch.exit.ExitCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The group check against a scripted DPS, for what the emulator cannot show: its groups
 * are always enabled symmetric-key groups, and it does not fail on purpose between the
 * two reads.
 */
class EnrollmentGroupCheckScriptedTests {

	private static final String KEY = "c2VydmljZS1wb2xpY3kta2V5LWZvci10ZXN0cy0wMTIzNDU2Nzg5YWJjZGVm";

	private static final String GROUP_KEY = "cHJpbWFyeS1rZXktb2YtdGhlLWRldmljZS0wMDAx";

	private static final String GROUP_PATH = "/enrollmentGroups/line-7";

	private static Path directory;

	private static WireMockServer dps;

	private static TestTls tls;

	@BeforeAll
	static void startDps() throws IOException {
		directory = Files.createTempDirectory("group-check-");
		tls = TestTls.create(directory, "localhost", "dns:localhost,ip:127.0.0.1");
		dps = HttpsWireMock.start(tls);
	}

	@AfterAll
	static void stopDps() throws IOException {
		dps.stop();
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	@BeforeEach
	void reset() {
		dps.resetAll();
	}

	@Test
	void aDisabledGroupIsExit64AndItsKeysAreNotRead() {
		dps.stubFor(get(urlPathEqualTo(GROUP_PATH)).willReturn(okJson("""
				{"enrollmentGroupId": "line-7", "provisioningStatus": "disabled",
				 "attestation": {"type": "symmetricKey", "symmetricKey": {}}}""")));

		EnrollmentGroupException refused = refusal();

		assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(refused.getMessage()).isEqualTo("enrollment group 'line-7' of the default enrollment is disabled in "
				+ "DPS: enable it, or set dps.enrollment-group-id to an enabled group; nothing was sent");
		dps.verify(0, postRequestedFor(urlPathEqualTo(GROUP_PATH + "/attestationmechanism")));
	}

	@Test
	void aGroupOfAnotherAttestationIsExit64() {
		dps.stubFor(get(urlPathEqualTo(GROUP_PATH)).willReturn(okJson("""
				{"enrollmentGroupId": "line-7", "provisioningStatus": "enabled", "attestation": {"type": "x509"}}""")));

		EnrollmentGroupException refused = refusal();

		assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(refused.getMessage())
			.startsWith("enrollment group 'line-7' of the default enrollment uses x509 attestation, not symmetric keys")
			.contains("Set dps.enrollment-group-id to a symmetric-key group");
	}

	@Test
	void aServiceApiAnswering503IsExit1SayingTheSameCommandCanBeRunAgain() {
		dps.stubFor(get(urlPathEqualTo(GROUP_PATH)).willReturn(okJson("""
				{"enrollmentGroupId": "line-7", "attestation": {"type": "symmetricKey", "symmetricKey": {}}}""")));
		dps.stubFor(post(urlPathEqualTo(GROUP_PATH + "/attestationmechanism")).willReturn(aResponse().withStatus(503)));

		EnrollmentGroupException failed = refusal();

		assertThat(failed.exitCode()).isEqualTo(ExitCode.FAILED);
		assertThat(failed.getMessage()).contains("503").endsWith("Nothing was sent; run the same command again");
	}

	private static EnrollmentGroupException refusal() {
		DpsProperties properties = new DpsProperties(URI.create("https://global.azure-devices-provisioning.net"),
				"0ne00000A0A", "2021-10-01", GROUP_KEY, null, null, null, tls.trustStore(), tls.password(), "PKCS12",
				128, 900, 1, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(1), "direct", 8, 900);
		ProvisioningTarget target = new ProvisioningTarget(properties,
				new EnrollmentProperties(Map.of(), null,
						"HostName=my-dps.azure-devices-provisioning.net;SharedAccessKeyName=owner;SharedAccessKey="
								+ KEY,
						null, URI.create("https://127.0.0.1:" + dps.httpsPort()), "line-7"),
				Clock.systemUTC());
		return assertThatExceptionOfType(EnrollmentGroupException.class).isThrownBy(target::check).actual();
	}

}
