package io.dpsbatch.dps;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dpsbatch.enrollment.EnrollmentProperties;
import io.dpsbatch.enrollment.EnrollmentProperties.NamedEnrollment;
import io.dpsbatch.enrollment.Enrollments;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.dpsbatch.dps.DpsFixtures.FAST;
import static io.dpsbatch.dps.DpsFixtures.GROUP_KEY;
import static io.dpsbatch.dps.DpsFixtures.ID_SCOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The DPS client with several enrollments against a scripted DPS: each device goes to its
 * enrollment's instance signed with its enrollment's key, each instance has its own pace,
 * and each enrollment its own verdicts on its keys.
 */
class DpsRegistrarEnrollmentsTests {

	private static final String SCOPE_B = "0ne00000B0B";

	private static final String LINE_A_KEY = key(0x41, 64);

	private static final String LINE_B_KEY = key(0x42, 64);

	private static final String OWN_PRIMARY = key(0x11, 32);

	private static final String OWN_SECONDARY = key(0x12, 32);

	private static final String HUB = "hub-1.azure-devices.net";

	@TempDir
	static Path tempDir;

	@RegisterExtension
	static final WireMockDps dps = WireMockDps.withLocalhostCertificate();

	private Enrollments enrollments;

	@AfterEach
	void closeEnrollments() {
		if (this.enrollments != null) {
			this.enrollments.close();
		}
	}

	@Test
	void eachDeviceIsSignedWithItsEnrollmentsKeyForItsInstance() throws Exception {
		assignedEverywhere();
		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()))) {
			List<RegistrationOutcome> outcomes = new ArrayList<>();
			outcomes.add(await(registrar.provision(device("default-1", ""))));
			outcomes.add(await(registrar.provision(device("a-1", "line-a"))));
			outcomes.add(await(registrar.provision(device("b-1", "line-b"))));
			outcomes.add(await(registrar.provision(device("own-1", "singles"))));
			assertThat(outcomes).extracting(RegistrationOutcome::status).containsOnly(OutcomeStatus.ASSIGNED);
			assertThat(registrar.pacePerInstance()).containsOnlyKeys(instance(ID_SCOPE), instance(SCOPE_B));
		}
		Map<String, LoggedRequest> byDevice = new LinkedHashMap<>();
		for (LoggedRequest request : dps.findAll(anyRequestedFor(anyUrl()))) {
			byDevice.put(URI.create(request.getUrl()).getPath().split("/")[3], request);
		}
		assertSigned(byDevice.get("default-1"), ID_SCOPE, "default-1", derived(GROUP_KEY, "default-1"));
		assertSigned(byDevice.get("a-1"), ID_SCOPE, "a-1", derived(LINE_A_KEY, "a-1"));
		assertSigned(byDevice.get("b-1"), SCOPE_B, "b-1", derived(LINE_B_KEY, "b-1"));
		// an individual enrollment signs with the device's own key, which nothing derives
		// from
		assertSigned(byDevice.get("own-1"), ID_SCOPE, "own-1", OWN_PRIMARY);
	}

	@Test
	void anIndividualEnrollmentRefusedWithItsPrimaryTriesTheDevicesOwnSecondary() throws Exception {
		dps.stubFor(put(urlPathMatching("/" + ID_SCOPE + "/registrations/good-1/register")).atPriority(1)
			.willReturn(assigned("good-1")));
		dps.stubFor(put(urlPathMatching("/" + ID_SCOPE + "/registrations/own-1/register")).inScenario("rotation")
			.whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
			.willReturn(json(401, "{\"errorCode\":401002,\"message\":\"Unauthorized\"}"))
			.willSetStateTo("once"));
		dps.stubFor(put(urlPathMatching("/" + ID_SCOPE + "/registrations/own-1/register")).inScenario("rotation")
			.whenScenarioStateIs("once")
			.willReturn(json(401, "{\"errorCode\":401002,\"message\":\"Unauthorized\"}"))
			.willSetStateTo("twice"));
		dps.stubFor(put(urlPathMatching("/" + ID_SCOPE + "/registrations/own-1/register")).inScenario("rotation")
			.whenScenarioStateIs("twice")
			.willReturn(assigned("own-1")));

		RegistrationOutcome outcome;
		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()))) {
			assertThat(await(registrar.provision(device("good-1", "singles"))).status())
				.isEqualTo(OutcomeStatus.ASSIGNED);
			outcome = await(registrar.provision(device("own-1", "singles")));
		}

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		assertThat(outcome.usedSecondaryKey()).isTrue();
		List<LoggedRequest> own = dps.findAll(anyRequestedFor(urlPathMatching(".*/own-1/register")));
		assertThat(own).hasSize(3);
		assertSigned(own.get(0), ID_SCOPE, "own-1", OWN_PRIMARY);
		assertSigned(own.get(1), ID_SCOPE, "own-1", OWN_PRIMARY);
		assertSigned(own.get(2), ID_SCOPE, "own-1", OWN_SECONDARY);
	}

	@Test
	void aKeyDpsRefusesForOneGroupStopsOnlyThatGroupsDevices() throws Exception {
		assignedEverywhere();
		// line-b's key is wrong: DPS refuses every token of its devices
		dps.stubFor(put(urlPathMatching("/" + SCOPE_B + "/registrations/[^/]+/register")).atPriority(1)
			.willReturn(json(401, "{\"errorCode\":401002,\"message\":\"Unauthorized\"}")));

		List<CompletableFuture<RegistrationOutcome>> lineA = new ArrayList<>();
		List<CompletableFuture<RegistrationOutcome>> lineB = new ArrayList<>();
		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()))) {
			for (int i = 0; i < 6; i++) {
				lineB.add(registrar.provision(device("b-" + i, "line-b")));
				lineA.add(registrar.provision(device("a-" + i, "line-a")));
			}
			for (CompletableFuture<RegistrationOutcome> result : lineA) {
				assertThat(await(result).status()).isEqualTo(OutcomeStatus.ASSIGNED);
			}
			for (CompletableFuture<RegistrationOutcome> result : lineB) {
				assertThatThrownBy(() -> await(result)).hasCauseInstanceOf(GroupKeyRefusedException.class);
			}
			// the other group goes on after line-b stopped
			assertThat(await(registrar.provision(device("a-late", "line-a"))).status())
				.isEqualTo(OutcomeStatus.ASSIGNED);
		}
		GroupKeyRefusedException stop = (GroupKeyRefusedException) catchThrowable(() -> await(lineB.get(0))).getCause();
		assertThat(stop.enrollment()).isEqualTo("line-b");
		assertThat(stop.getMessage()).contains("enrollment 'line-b'")
			.contains("dps.enrollments.line-b.group-key")
			.contains(io.dpsbatch.keys.GroupKey.fromBase64(LINE_B_KEY).fingerprint())
			.doesNotContain(LINE_B_KEY);
	}

	@Test
	void eachInstanceIsPacedOnItsOwn() throws Exception {
		assignedEverywhere();
		// instance B's quota is spent: DPS throttles every register call there
		dps.stubFor(put(urlPathMatching("/" + SCOPE_B + "/registrations/[^/]+/register")).atPriority(1)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
		int configured = 6000;
		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore())
			.registrationsPerMinute(configured)
			.registrationTimeout(java.time.Duration.ofSeconds(60)))) {
			for (int i = 0; i < 12; i++) {
				registrar.provision(device("b-" + i, "line-b"));
			}
			Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(30))
				.until(() -> registrar.pacePerInstance().getOrDefault(instance(SCOPE_B), configured) < configured);
			for (int i = 0; i < 5; i++) {
				assertThat(await(registrar.provision(device("a-" + i, "line-a"))).status())
					.isEqualTo(OutcomeStatus.ASSIGNED);
			}
			Map<String, Integer> paces = registrar.pacePerInstance();
			// B's 429s slowed B, and only B
			assertThat(paces.get(instance(SCOPE_B))).isLessThan(configured);
			assertThat(paces.get(instance(ID_SCOPE))).isEqualTo(configured);
			assertThat(registrar.statistics().pacePerMinute())
				.isEqualTo(paces.get(instance(SCOPE_B)) + paces.get(instance(ID_SCOPE)));
			Map<String, DpsStatistics> perInstance = registrar.statisticsPerInstance();
			assertThat(perInstance.get(instance(SCOPE_B)).throttledRegisterCalls()).isPositive();
			assertThat(perInstance.get(instance(ID_SCOPE)).throttledRegisterCalls()).isZero();
			assertThat(perInstance.get(instance(ID_SCOPE)).registerCalls()).isEqualTo(5);
		}
	}

	// --- helpers ---

	private DpsRegistrar registrar(DpsFixtures.Properties properties) throws IOException {
		DpsProperties dpsProperties = properties.build();
		Map<String, NamedEnrollment> named = new LinkedHashMap<>();
		named.put("line-a", new NamedEnrollment(null, null, LINE_A_KEY, null, null, null, null));
		named.put("line-b", new NamedEnrollment(SCOPE_B, null, LINE_B_KEY, null, null, null, null));
		named.put("singles", new NamedEnrollment(null, null, null, null, null, null, keysFile()));
		this.enrollments = Enrollments.load(dpsProperties.defaultEnrollment(), new EnrollmentProperties(named, null));
		return new DpsRegistrar(dpsProperties, this.enrollments.find("").orElseThrow(), FAST, Clock.systemUTC());
	}

	private DeviceToRegister device(String registrationId, String enrollment) {
		return new DeviceToRegister(registrationId, null, false, this.enrollments.find(enrollment).orElseThrow());
	}

	private static Path keysFile() throws IOException {
		Path file = tempDir.resolve("singles-" + System.nanoTime() + ".csv");
		Files.writeString(file, "registrationId,primaryKey,secondaryKey\nown-1," + OWN_PRIMARY + "," + OWN_SECONDARY
				+ "\ngood-1," + key(0x13, 32) + "\n", StandardCharsets.US_ASCII);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		return file;
	}

	private static void assignedEverywhere() {
		dps.stubFor(put(urlPathMatching("/[^/]+/registrations/([^/]+)/register")).atPriority(5)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"operationId\":\"op\",\"status\":\"assigned\",\"registrationState\":{\"assignedHub\":\""
						+ HUB + "\",\"status\":\"assigned\"}}")));
	}

	private static ResponseDefinitionBuilder assigned(String id) {
		return json(200, "{\"operationId\":\"op\",\"status\":\"assigned\",\"registrationState\":{\"registrationId\":\""
				+ id + "\",\"assignedHub\":\"" + HUB + "\",\"deviceId\":\"" + id + "\",\"status\":\"assigned\"}}");
	}

	private static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	private static URI endpoint() {
		return dps.endpoint();
	}

	private static String instance(String idScope) {
		return endpoint().getHost().toLowerCase(java.util.Locale.ROOT) + "/"
				+ idScope.toLowerCase(java.util.Locale.ROOT);
	}

	private static RegistrationOutcome await(CompletableFuture<RegistrationOutcome> result) throws Exception {
		return result.get(20, TimeUnit.SECONDS);
	}

	/**
	 * Checks the SAS token as DPS would: the resource names the instance's ID scope, the
	 * signature the key.
	 */
	private static void assertSigned(LoggedRequest request, String idScope, String registrationId, String keyBase64) {
		assertThat(request).as("a request of %s", registrationId).isNotNull();
		Matcher sas = DpsFixtures.SAS.matcher(request.getHeader("Authorization"));
		assertThat(sas.matches()).isTrue();
		assertThat(sas.group(1)).isEqualTo(idScope + "%2Fregistrations%2F" + registrationId);
		String signature = URLDecoder.decode(sas.group(2), StandardCharsets.UTF_8);
		assertThat(signature).isEqualTo(DpsFixtures.hmac(keyBase64, sas.group(1) + "\n" + sas.group(3)));
	}

	private static String derived(String groupKey, String registrationId) {
		return DpsFixtures.deviceKey(groupKey, registrationId);
	}

	private static String key(int seed, int bytes) {
		byte[] key = new byte[bytes];
		Arrays.fill(key, (byte) seed);
		return Base64.getEncoder().encodeToString(key);
	}

}
