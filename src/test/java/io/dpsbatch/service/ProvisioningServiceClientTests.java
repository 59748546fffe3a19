package io.dpsbatch.service;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.dps.HttpsWireMock;
import io.dpsbatch.dps.TestTls;
import io.dpsbatch.exit.ExitCode;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.keys.ServiceConnectionString;
import io.dpsbatch.service.ServiceClients.ServiceTimings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The service API client against a scripted DPS over HTTPS: the exact requests, the
 * answers read, and the retry rule. Waits are recorded, not slept.
 */
class ProvisioningServiceClientTests {

	static final String KEY = "c2VydmljZS1wb2xpY3kta2V5LWZvci10ZXN0cy0wMTIzNDU2Nzg5YWJjZGVm";

	static final String HOST = "My-Dps.azure-devices-provisioning.net";

	static final String PRIMARY = "cHJpbWFyeS1rZXktb2YtdGhlLWRldmljZS0wMDAx";

	static final String SECONDARY = "c2Vjb25kYXJ5LWtleS1vZi10aGUtZGV2aWNlLTAx";

	private static final int OPERATIONS_PER_MINUTE = 600_000;

	private static final int MAX_ATTEMPTS = 3;

	private static Path directory;

	private static WireMockServer dps;

	private static TestTls tls;

	private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

	private ServiceClients clients;

	private ProvisioningServiceClient client;

	@BeforeAll
	static void startDps() throws IOException {
		directory = Files.createTempDirectory("service-dps-");
		tls = TestTls.create(directory, "localhost", "dns:localhost,ip:127.0.0.1");
		dps = HttpsWireMock.start(tls);
	}

	@AfterAll
	static void stopDps() throws IOException {
		dps.stop();
		try (var files = Files.walk(directory)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	@BeforeEach
	void openClient() {
		dps.resetAll();
		DpsProperties properties = new DpsProperties(URI.create("https://global.azure-devices-provisioning.net"),
				"0ne00000A0A", "2021-10-01", null, null, null, null, tls.trustStore(), tls.password(), "PKCS12", 128,
				900, MAX_ATTEMPTS, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(1), "direct", 8,
				OPERATIONS_PER_MINUTE);
		this.clients = new ServiceClients(properties, Clock.systemUTC(),
				new ServiceTimings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1), () -> 0.5),
				this.waits::add);
		this.client = this.clients.client(
				ServiceConnectionString.parse("HostName=" + HOST + ";SharedAccessKeyName=owner;SharedAccessKey=" + KEY,
						"dps.service-connection-string"),
				URI.create("https://127.0.0.1:" + dps.httpsPort() + "/"));
	}

	@AfterEach
	void closeClient() {
		this.clients.close();
	}

	@Test
	void createOrUpdateSendsTheEnrollmentSignedForTheConnectionStringsHostName() {
		dps.stubFor(put("/enrollments/sensor-0001?api-version=2021-10-01").willReturn(okJson("""
				{"registrationId": "sensor-0001", "deviceId": "sensor-0001",
				 "attestation": {"type": "symmetricKey", "symmetricKey": {"primaryKey": "%s", "secondaryKey": "%s"}},
				 "provisioningStatus": "enabled", "etag": "\\"1\\"", "createdDateTimeUtc": "2026-01-02T03:04:05.678Z",
				 "registrationState": {"status": "unassigned"}}""".formatted(PRIMARY, SECONDARY))));
		IndividualEnrollment sent = new IndividualEnrollment("sensor-0001", "sensor-0001",
				AttestationMechanism.symmetricKey(null, null), "enabled", "hashed", List.of("hub-1.azure-devices.net"),
				new ReprovisionPolicy(true, false), new Capabilities(false), null, null, null, null, null);

		IndividualEnrollment created = this.client.createOrUpdate(sent);

		assertThat(created.attestation().symmetricKey().primaryKey()).isEqualTo(PRIMARY);
		assertThat(created.etag()).isEqualTo("\"1\"");
		assertThat(created.toString()).doesNotContain(PRIMARY, SECONDARY);
		dps.verify(putRequestedFor(urlEqualTo("/enrollments/sensor-0001?api-version=2021-10-01"))
			.withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
			.withHeader("Accept", equalTo("application/json"))
			.withHeader("If-Match", absent())
			.withRequestBody(equalToJson("""
					{"registrationId": "sensor-0001", "deviceId": "sensor-0001",
					 "attestation": {"type": "symmetricKey", "symmetricKey": {}},
					 "provisioningStatus": "enabled", "allocationPolicy": "hashed",
					 "iotHubs": ["hub-1.azure-devices.net"],
					 "reprovisionPolicy": {"updateHubAssignment": true, "migrateDeviceData": false},
					 "capabilities": {"iotEdge": false}}""")));
		assertSignedForHost(dps.findAll(anyRequestedFor(anyUrl())).get(0));
	}

	@Test
	void getReadsTheEnrollmentAnd404IsEmpty() {
		dps.stubFor(get("/enrollments/sensor-0001?api-version=2021-10-01").willReturn(okJson("""
				{"registrationId": "sensor-0001", "attestation": {"type": "symmetricKey",
				 "symmetricKey": {"primaryKey": null, "secondaryKey": null}},
				 "initialTwin": {"tags": {"line": "7"}, "properties": {"desired": {"telemetryInterval": 30}}}}""")));
		dps.stubFor(get("/enrollments/nobody?api-version=2021-10-01").willReturn(aResponse().withStatus(404)
			.withHeader("x-ms-error-code", "404201")
			.withBody("{\"errorCode\": 404201, \"trackingId\": \"t-1\", \"message\": \"not found\"}")));

		IndividualEnrollment found = this.client.get("sensor-0001").orElseThrow();

		assertThat(found.initialTwin().get("properties").get("desired").get("telemetryInterval").asInt()).isEqualTo(30);
		assertThat(found.attestation().symmetricKey().primaryKey()).isNull();
		assertThat(this.client.get("nobody")).isEmpty();
	}

	@Test
	void deletesWithIfMatchAny() {
		dps.stubFor(delete("/enrollments/sensor-0001?api-version=2021-10-01").willReturn(aResponse().withStatus(204)));
		dps.stubFor(
				delete("/registrations/sensor-0001?api-version=2021-10-01").willReturn(aResponse().withStatus(204)));
		dps.stubFor(delete("/registrations/gone?api-version=2021-10-01").willReturn(aResponse().withStatus(404)));

		assertThat(this.client.delete("sensor-0001")).isTrue();
		assertThat(this.client.deleteRegistration("sensor-0001")).isTrue();
		assertThat(this.client.deleteRegistration("gone")).isFalse();
		dps.verify(deleteRequestedFor(urlEqualTo("/enrollments/sensor-0001?api-version=2021-10-01"))
			.withHeader("If-Match", equalTo("*")));
		dps.verify(deleteRequestedFor(urlEqualTo("/registrations/sensor-0001?api-version=2021-10-01"))
			.withHeader("If-Match", equalTo("*")));
	}

	@Test
	void readsKeysGroupsAndRegistrationRecords() {
		String keys = """
				{"type": "symmetricKey", "symmetricKey": {"primaryKey": "%s", "secondaryKey": "%s"}}"""
			.formatted(PRIMARY, SECONDARY);
		dps.stubFor(post("/enrollments/sensor-0001/attestationmechanism?api-version=2021-10-01")
			.withRequestBody(equalToJson("{}"))
			.willReturn(okJson(keys)));
		dps.stubFor(get("/enrollmentGroups/line-7?api-version=2021-10-01").willReturn(okJson("""
				{"enrollmentGroupId": "line-7", "provisioningStatus": "disabled",
				 "attestation": {"type": "symmetricKey", "symmetricKey": {}}}""")));
		dps.stubFor(post("/enrollmentGroups/line-7/attestationmechanism?api-version=2021-10-01")
			.withRequestBody(equalToJson("{}"))
			.willReturn(okJson(keys)));
		dps.stubFor(get("/registrations/sensor-0001?api-version=2021-10-01").willReturn(okJson("""
				{"registrationId": "sensor-0001", "assignedHub": "hub-1.azure-devices.net",
				 "deviceId": "sensor-0001", "status": "assigned", "substatus": "initialAssignment"}""")));
		dps.stubFor(get(urlPathEqualTo("/enrollmentGroups/absent")).willReturn(aResponse().withStatus(404)));

		AttestationMechanism mechanism = this.client.attestationMechanism("sensor-0001");
		assertThat(mechanism.symmetricKey().secondaryKey()).isEqualTo(SECONDARY);
		assertThat(mechanism.toString()).doesNotContain(PRIMARY, SECONDARY);
		EnrollmentGroup group = this.client.enrollmentGroup("line-7").orElseThrow();
		assertThat(group.enabled()).isFalse();
		AttestationMechanism.SymmetricKeys groupKeys = this.client.enrollmentGroupAttestationMechanism("line-7")
			.symmetricKey();
		assertThat(groupKeys.holds(GroupKey.fromBase64(SECONDARY))).isTrue();
		assertThat(groupKeys.holds(GroupKey.fromBase64(KEY))).isFalse();
		assertThat(this.client.enrollmentGroup("absent")).isEmpty();
		assertThat(this.client.registration("sensor-0001").orElseThrow().assignedHub())
			.isEqualTo("hub-1.azure-devices.net");
	}

	@Test
	void bulkReportsTheErrorsPerRegistrationId() {
		dps.stubFor(post("/enrollments?api-version=2021-10-01").willReturn(okJson("""
				{"isSuccessful": false, "errors": [
				 {"registrationId": "sensor-0002", "errorCode": 409201, "errorStatus": "already exists"}]}""")));
		List<IndividualEnrollment> enrollments = List.of(
				IndividualEnrollment.withSymmetricKeys("sensor-0001", PRIMARY, SECONDARY),
				IndividualEnrollment.withSymmetricKeys("sensor-0002", PRIMARY, SECONDARY));

		BulkResult result = this.client.bulk(BulkMode.CREATE, enrollments);

		assertThat(result.successful()).isFalse();
		assertThat(result.errorFor("SENSOR-0002").orElseThrow().httpStatus()).isEqualTo(409);
		assertThat(result.errorFor("sensor-0001")).isEmpty();
		dps.verify(postRequestedFor(urlEqualTo("/enrollments?api-version=2021-10-01")).withRequestBody(equalToJson(
				"""
						{"mode": "create", "enrollments": [
						 {"registrationId": "sensor-0001", "provisioningStatus": "enabled", "attestation": {"type": "symmetricKey",
						  "symmetricKey": {"primaryKey": "%s", "secondaryKey": "%s"}}},
						 {"registrationId": "sensor-0002", "provisioningStatus": "enabled", "attestation": {"type": "symmetricKey",
						  "symmetricKey": {"primaryKey": "%s", "secondaryKey": "%s"}}}]}"""
					.formatted(PRIMARY, SECONDARY, PRIMARY, SECONDARY))));
	}

	@Test
	void bulkOfMoreThanTenIsRefusedBeforeAnyCall() {
		List<IndividualEnrollment> eleven = IntStream.range(0, 11)
			.mapToObj((i) -> IndividualEnrollment.withSymmetricKeys("sensor-" + i, PRIMARY, SECONDARY))
			.toList();

		assertThatIllegalArgumentException().isThrownBy(() -> this.client.bulk(BulkMode.CREATE, eleven))
			.withMessageContaining("1 to 10 enrollments, not 11");
		assertThat(dps.getAllServeEvents()).isEmpty();
	}

	@Test
	void queryFollowsTheContinuationAcrossThreePages() {
		dps.stubFor(post("/enrollments/query?api-version=2021-10-01").withHeader("x-ms-continuation", absent())
			.willReturn(okJson("[{\"registrationId\": \"a\"}, {\"registrationId\": \"b\"}]")
				.withHeader("x-ms-continuation", "page-2")));
		dps.stubFor(post("/enrollments/query?api-version=2021-10-01").withHeader("x-ms-continuation", equalTo("page-2"))
			.willReturn(okJson("[{\"registrationId\": \"c\"}, {\"registrationId\": \"d\"}]")
				.withHeader("x-ms-continuation", "page-3")));
		dps.stubFor(post("/enrollments/query?api-version=2021-10-01").withHeader("x-ms-continuation", equalTo("page-3"))
			.willReturn(okJson("[{\"registrationId\": \"e\"}]")));

		assertThat(this.client.query("SELECT * FROM enrollments", 2).map(IndividualEnrollment::registrationId))
			.containsExactly("a", "b", "c", "d", "e");
		dps.verify(3,
				postRequestedFor(urlEqualTo("/enrollments/query?api-version=2021-10-01"))
					.withHeader("x-ms-max-item-count", equalTo("2"))
					.withRequestBody(equalToJson("{\"query\": \"SELECT * FROM enrollments\"}")));
	}

	@Test
	void throttledCallIsSentAgainAndLowersThePace() {
		firstThen(() -> get(urlPathEqualTo("/registrations/sensor-0001")),
				aResponse().withStatus(429).withBody("{\"errorCode\": 429001, \"message\": \"throttled\"}"),
				okJson("{\"registrationId\": \"sensor-0001\", \"status\": \"assigned\"}"));

		assertThat(this.client.registration("sensor-0001").orElseThrow().status()).isEqualTo("assigned");
		assertThat(this.client.pacePerMinute()).isLessThan(OPERATIONS_PER_MINUTE);
		dps.verify(2, getRequestedFor(urlPathEqualTo("/registrations/sensor-0001")));
	}

	@Test
	void unavailableIsRetriedWithBackoffUpToMaxAttempts() {
		dps.stubFor(get(urlPathEqualTo("/enrollments/sensor-0001")).willReturn(aResponse().withStatus(503)));

		ServiceApiException failure = assertThatExceptionOfType(ServiceApiException.class)
			.isThrownBy(() -> this.client.get("sensor-0001"))
			.actual();

		assertThat(failure.status()).isEqualTo(503);
		assertThat(failure.outcomeUnknown()).isFalse();
		assertThat(failure.getMessage()).contains("after 3 attempts");
		dps.verify(MAX_ATTEMPTS, getRequestedFor(urlPathEqualTo("/enrollments/sensor-0001")));
		// two backoffs, half of their exponential ceilings (100 ms, then 200 ms); the
		// other waits are the pace's, well under a millisecond at this pace
		assertThat(this.waits.stream().filter((wait) -> wait.compareTo(Duration.ofMillis(1)) > 0))
			.containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
	}

	@Test
	void retryAfterIsHonoured() {
		firstThen(() -> get(urlPathEqualTo("/enrollments/sensor-0001")),
				aResponse().withStatus(503).withHeader("Retry-After", "7"),
				okJson("{\"registrationId\": \"sensor-0001\"}"));

		assertThat(this.client.get("sensor-0001")).isPresent();
		assertThat(this.waits).contains(Duration.ofSeconds(7));
	}

	@Test
	void bulkWhoseAnswerWasLostIsNotRepeated() {
		dps.stubFor(post("/enrollments?api-version=2021-10-01")
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		ServiceApiException failure = assertThatExceptionOfType(ServiceApiException.class)
			.isThrownBy(() -> this.client.bulk(BulkMode.CREATE,
					List.of(IndividualEnrollment.withSymmetricKeys("sensor-0001", PRIMARY, SECONDARY))))
			.actual();

		assertThat(failure.outcomeUnknown()).isTrue();
		assertThat(failure.status()).isZero();
		assertThat(failure.getMessage()).contains("the answer was lost", "read back");
		dps.verify(1, postRequestedFor(urlEqualTo("/enrollments?api-version=2021-10-01")));
	}

	@Test
	void enrollmentWhoseKeysDpsGeneratesIsNotRepeatedAfterALostAnswer() {
		dps.stubFor(put(urlPathEqualTo("/enrollments/sensor-0001"))
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		assertThatExceptionOfType(ServiceApiException.class)
			.isThrownBy(
					() -> this.client.createOrUpdate(IndividualEnrollment.withSymmetricKeys("sensor-0001", null, null)))
			.satisfies((failure) -> assertThat(failure.outcomeUnknown()).isTrue());
		dps.verify(1, putRequestedFor(urlPathEqualTo("/enrollments/sensor-0001")));
	}

	@Test
	void enrollmentWithChosenKeysIsRepeatedAfterALostAnswer() {
		firstThen(() -> put(urlPathEqualTo("/enrollments/sensor-0001")),
				aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
				okJson("{\"registrationId\": \"sensor-0001\", \"etag\": \"\\\"2\\\"\"}"));

		IndividualEnrollment written = this.client
			.createOrUpdate(IndividualEnrollment.withSymmetricKeys("sensor-0001", PRIMARY, SECONDARY));

		assertThat(written.etag()).isEqualTo("\"2\"");
		List<LoggedRequest> puts = dps.findAll(putRequestedFor(urlPathEqualTo("/enrollments/sensor-0001")));
		assertThat(puts).hasSize(2);
		assertThat(puts.get(1).getBodyAsString()).isEqualTo(puts.get(0).getBodyAsString());
	}

	@Test
	void bulkAnswered5xxIsNotRepeated() {
		dps.stubFor(post("/enrollments?api-version=2021-10-01").willReturn(aResponse().withStatus(500)));

		assertThatExceptionOfType(ServiceApiException.class)
			.isThrownBy(() -> this.client.bulk(BulkMode.DELETE,
					List.of(IndividualEnrollment.withSymmetricKeys("sensor-0001", null, null))))
			.satisfies((failure) -> assertThat(failure.outcomeUnknown()).isTrue())
			.satisfies((failure) -> assertThat(failure.status()).isEqualTo(500));
		dps.verify(1, postRequestedFor(urlEqualTo("/enrollments?api-version=2021-10-01")));
	}

	@Test
	void deleteIsRepeatedAfterALostAnswerAndFindsNothingLeft() {
		firstThen(() -> delete(urlPathEqualTo("/enrollments/sensor-0001")),
				aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), aResponse().withStatus(404));

		assertThat(this.client.delete("sensor-0001")).isFalse();
		dps.verify(2,
				deleteRequestedFor(urlPathEqualTo("/enrollments/sensor-0001")).withHeader("If-Match", equalTo("*")));
	}

	@Test
	void errorsCarryDpsCodeAndMessageButNeverTheKeyOrToken() {
		dps.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)
			.withHeader("x-ms-error-code", "401002")
			.withBody("{\"trackingId\": \"tracking-1\", \"message\": \"Unauthorized\"}")));

		ServiceApiException failure = assertThatExceptionOfType(ServiceApiException.class)
			.isThrownBy(() -> this.client.get("sensor-0001"))
			.actual();

		assertThat(failure.status()).isEqualTo(401);
		assertThat(failure.errorCode()).isEqualTo(401002);
		assertThat(failure.trackingId()).isEqualTo("tracking-1");
		assertThat(failure.dpsMessage()).isEqualTo("Unauthorized");
		assertThat(failure.exitCode()).isEqualTo(ExitCode.USAGE);
		String signature = signatureOf(dps.findAll(anyRequestedFor(anyUrl())).get(0));
		assertThat(failure.getMessage()).contains("GET /enrollments/sensor-0001 answered 401 (error code 401002)")
			.doesNotContain(KEY, signature, URLEncoder.encode(signature, StandardCharsets.UTF_8),
					"SharedAccessSignature");
		assertThat(this.client.toString()).doesNotContain(KEY);
		assertThat(this.clients.toString()).doesNotContain(KEY);
	}

	/**
	 * Answers the first request with {@code first}, every later one with {@code then}.
	 */
	private static void firstThen(Supplier<MappingBuilder> request, ResponseDefinitionBuilder first,
			ResponseDefinitionBuilder then) {
		dps.stubFor(request.get()
			.inScenario("first-then")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(first)
			.willSetStateTo("answered"));
		dps.stubFor(request.get().inScenario("first-then").whenScenarioStateIs("answered").willReturn(then));
	}

	/**
	 * Recomputes the signature of the request's token: the lower-case host name of the
	 * connection string (not the endpoint the call went to), HMAC-SHA256 with the decoded
	 * policy key.
	 */
	private static void assertSignedForHost(LoggedRequest request) {
		Map<String, String> token = token(request);
		String sr = URLEncoder.encode(HOST.toLowerCase(java.util.Locale.ROOT), StandardCharsets.UTF_8);
		assertThat(token.get("sr")).isEqualTo(sr);
		assertThat(token.get("skn")).isEqualTo("owner");
		long se = Long.parseLong(token.get("se"));
		assertThat(se).isGreaterThan(System.currentTimeMillis() / 1000 + 1800);
		assertThat(URLDecoder.decode(token.get("sig"), StandardCharsets.UTF_8)).isEqualTo(hmac(sr + "\n" + se));
	}

	private static String signatureOf(LoggedRequest request) {
		return URLDecoder.decode(token(request).get("sig"), StandardCharsets.UTF_8);
	}

	private static Map<String, String> token(LoggedRequest request) {
		String header = request.getHeader("Authorization");
		assertThat(header).startsWith("SharedAccessSignature ");
		Map<String, String> parts = new HashMap<>();
		for (String part : header.substring("SharedAccessSignature ".length()).split("&")) {
			int equals = part.indexOf('=');
			parts.put(part.substring(0, equals), part.substring(equals + 1));
		}
		assertThat(parts).containsOnlyKeys("sr", "sig", "se", "skn");
		return parts;
	}

	private static String hmac(String stringToSign) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(KEY), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
