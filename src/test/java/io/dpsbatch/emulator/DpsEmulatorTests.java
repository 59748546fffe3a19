package io.dpsbatch.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import io.dpsbatch.keys.DeviceKey;
import io.dpsbatch.keys.InvalidKeyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The emulator driven over HTTPS like a device would, through a client that trusts only
 * the emulator's exported trust store.
 */
class DpsEmulatorTests {

	/** Shared, so that the TLS material is generated once for the whole class. */
	@TempDir
	static Path sharedStateDir;

	private final List<DpsEmulator> started = new ArrayList<>();

	@AfterEach
	void closeEmulators() {
		this.started.forEach(DpsEmulator::close);
	}

	/**
	 * An emulator with quick test defaults (100 ms assignment, Retry-After 1, no poll
	 * limit), changed by {@code name=value} pairs of {@code emulator.*} properties
	 * (without the prefix).
	 */
	private DpsEmulator start(String... properties) {
		DpsEmulator emulator = DpsEmulator.start(EmulatorClient.quickProperties(sharedStateDir, properties),
				Clock.systemUTC());
		this.started.add(emulator);
		return emulator;
	}

	private static String operationId(HttpResponse<String> response) {
		return EmulatorClient.json(response).get("operationId").stringValue();
	}

	private static void assertDpsError(HttpResponse<String> response, int status, int errorCode) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		JsonNode error = EmulatorClient.json(response);
		assertThat(error.get("errorCode").intValue()).isEqualTo(errorCode);
		assertThat(error.get("trackingId").stringValue()).hasSize(36);
		assertThat(error.get("message").stringValue()).isNotBlank();
		assertThat(Instant.parse(error.get("timestampUtc").stringValue())).isBeforeOrEqualTo(Instant.now());
		assertThat(response.headers().firstValue("x-ms-error-code")).hasValue(Integer.toString(errorCode));
	}

	@Nested
	class Registration {

		@Test
		void registerAnswers202ThenPollsReportAssigningThenAssigned() {
			DpsEmulator emulator = start("assignment-delay=2s", "retry-after=2");
			EmulatorClient client = new EmulatorClient(emulator);

			HttpResponse<String> registered = client.register("device-001");

			assertThat(registered.statusCode()).isEqualTo(202);
			assertThat(registered.headers().firstValue("Retry-After")).hasValue("2");
			assertThat(registered.headers().firstValue("Location"))
				.hasValue(emulator.endpoint() + "/0ne00EMU001/registrations/device-001/register");
			JsonNode operation = EmulatorClient.json(registered);
			assertThat(operation.get("status").stringValue()).isEqualTo("assigning");
			assertThat(operation.get("operationId").stringValue()).startsWith("5.");
			assertThat(operation.has("registrationState")).isFalse();

			HttpResponse<String> firstPoll = client.poll("device-001", operationId(registered));
			assertThat(firstPoll.statusCode()).isEqualTo(202);
			assertThat(firstPoll.headers().firstValue("Retry-After")).hasValue("2");
			assertThat(EmulatorClient.json(firstPoll).get("status").stringValue()).isEqualTo("assigning");
			assertThat(EmulatorClient.json(firstPoll).get("registrationState"))
				.as("DPS's registration state while assigning: ID and status only")
				.isEqualTo(
						EmulatorClient.json.readTree("{\"registrationId\":\"device-001\",\"status\":\"assigning\"}"));

			JsonNode assigned = client.awaitCompleted("device-001", operationId(registered));
			assertThat(assigned.get("operationId").stringValue()).isEqualTo(operationId(registered));
			assertThat(assigned.get("status").stringValue()).isEqualTo("assigned");
			JsonNode state = assigned.get("registrationState");
			assertThat(state.get("registrationId").stringValue()).isEqualTo("device-001");
			assertThat(state.get("deviceId").stringValue()).isEqualTo("device-001");
			assertThat(state.get("status").stringValue()).isEqualTo("assigned");
			assertThat(state.get("substatus").stringValue()).isEqualTo("initialAssignment");
			assertThat(state.get("assignedHub").stringValue()).isIn(EmulatorProperties.DEFAULT_HUBS);
			assertThat(state.get("etag").stringValue()).isNotBlank();
			assertThat(state.get("symmetricKey").get("enrollmentGroupId").stringValue())
				.isEqualTo("dps-batch-emulator-group");
			assertThat(state.get("createdDateTimeUtc").stringValue()).as("7 fraction digits, as DPS writes them")
				.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");
			assertThat(Instant.parse(state.get("lastUpdatedDateTimeUtc").stringValue()))
				.isAfter(Instant.parse(state.get("createdDateTimeUtc").stringValue()));
			assertThat(state.has("payload")).isFalse();
			assertThat(state.has("errorCode")).isFalse();
		}

		@Test
		void aSecondRegistrationIsAReprovisioningToTheSameHub() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			JsonNode first = client.registerAndAwait("device-002").get("registrationState");
			JsonNode second = client.registerAndAwait("device-002").get("registrationState");

			assertThat(first.get("substatus").stringValue()).isEqualTo("initialAssignment");
			assertThat(second.get("substatus").stringValue()).isEqualTo("reprovisionedToInitialAssignment");
			assertThat(second.get("assignedHub").stringValue()).isEqualTo(first.get("assignedHub").stringValue());
			assertThat(second.get("createdDateTimeUtc").stringValue())
				.isEqualTo(first.get("createdDateTimeUtc").stringValue());
			assertThat(second.get("etag").stringValue()).isNotEqualTo(first.get("etag").stringValue());
		}

		@Test
		void registrationIdsDifferingOnlyByCaseAreTheSameDevice() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			client.registerAndAwait("Device-Case");
			JsonNode second = client.registerAndAwait("device-case").get("registrationState");

			assertThat(second.get("substatus").stringValue()).isEqualTo("reprovisionedToInitialAssignment");
			assertThat(emulator.counts().registerCallsByDevice()).containsExactly(Map.entry("device-case", 2));
		}

		@Test
		void theDevicePayloadIsNotEchoedWithTheDefaultAllocation() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			HttpResponse<String> registered = registerWithPayload(client, "device-003",
					"{\"line\":\"L4\",\"station\":7}");

			JsonNode state = client.awaitCompleted("device-003", operationId(registered)).get("registrationState");
			assertThat(state.get("status").stringValue()).isEqualTo("assigned");
			assertThat(state.has("payload")).isFalse();
		}

		@Test
		void aCustomAllocationChoosesTheHubAndReturnsItsPayload() {
			DpsEmulator emulator = start("custom-allocation.payload-field=/product/model",
					"custom-allocation.rules[0].value=thermostat",
					"custom-allocation.rules[0].hub=hvac.azure-devices.net",
					"custom-allocation.rules[0].payload={\"firmware\":{\"channel\":\"stable\"},\"interval\":30}");
			EmulatorClient client = new EmulatorClient(emulator);

			HttpResponse<String> thermostat = registerWithPayload(client, "device-t1",
					"{\"product\":{\"model\":\"thermostat\"}}");
			HttpResponse<String> other = registerWithPayload(client, "device-o1", "{\"product\":{\"model\":\"fan\"}}");

			JsonNode matched = client.awaitCompleted("device-t1", operationId(thermostat)).get("registrationState");
			assertThat(matched.get("assignedHub").stringValue()).isEqualTo("hvac.azure-devices.net");
			assertThat(matched.get("payload").toString())
				.isEqualTo("{\"firmware\":{\"channel\":\"stable\"},\"interval\":30}");
			JsonNode unmatched = client.awaitCompleted("device-o1", operationId(other)).get("registrationState");
			assertThat(unmatched.get("assignedHub").stringValue()).isIn(EmulatorProperties.DEFAULT_HUBS);
			assertThat(unmatched.has("payload")).isFalse();
		}

		private HttpResponse<String> registerWithPayload(EmulatorClient client, String registrationId, String payload) {
			String body = "{\"registrationId\":\"" + registrationId + "\",\"payload\":" + payload + "}";
			return client.send("PUT", client.path(registrationId) + "/register?api-version=2021-10-01",
					client.sas(registrationId, client.groupKey()), body);
		}

		@Test
		void before20190415AReRegistrationIsReportedAsInitialAssignment() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			client.registerAndAwait("device-old");

			HttpResponse<String> again = client.send("PUT",
					client.path("device-old") + "/register?api-version=2019-03-31",
					client.sas("device-old", emulator.groupKey()), EmulatorClient.body("device-old"));

			JsonNode state = client.awaitCompleted("device-old", operationId(again)).get("registrationState");
			assertThat(state.get("substatus").stringValue()).isEqualTo("initialAssignment");
		}

		@Test
		void devicesAreSpreadOverTheHubsAndAlwaysGoToTheSameOne() {
			DpsEmulator emulator = start("hubs=hub-a.azure-devices.net,hub-b.azure-devices.net", "assignment-delay=0s");
			EmulatorClient client = new EmulatorClient(emulator);
			Set<String> hubs = new HashSet<>();
			for (int i = 0; i < 12; i++) {
				hubs.add(client.registerAndAwait("spread-" + i)
					.get("registrationState")
					.get("assignedHub")
					.stringValue());
			}
			assertThat(hubs).containsExactlyInAnyOrder("hub-a.azure-devices.net", "hub-b.azure-devices.net");
			AssignmentPolicy samePolicy = new AssignmentPolicy(
					List.of("hub-a.azure-devices.net", "hub-b.azure-devices.net"), new IdPatterns(List.of()),
					new IdPatterns(List.of()));
			assertThat(client.registerAndAwait("spread-7").get("registrationState").get("assignedHub").stringValue())
				.isEqualTo(samePolicy.hubFor("SPREAD-7"));
		}

		@Test
		void statusLookupIs404BeforeAndTheRegistrationStateAfterRegistering() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			assertDpsError(client.lookup("device-004"), 404, 404201);
			JsonNode assigned = client.registerAndAwait("device-004").get("registrationState");
			HttpResponse<String> found = client.lookup("device-004");

			assertThat(found.statusCode()).isEqualTo(200);
			JsonNode state = EmulatorClient.json(found);
			assertThat(state.get("status").stringValue()).isEqualTo("assigned");
			assertThat(state.get("assignedHub").stringValue()).isEqualTo(assigned.get("assignedHub").stringValue());
			assertThat(state.get("etag").stringValue()).isEqualTo(assigned.get("etag").stringValue());
			assertThat(emulator.counts().lookupCalls()).isEqualTo(2);
		}

		@Test
		void statusLookupWithoutABodyIsAccepted() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			client.registerAndAwait("device-005");

			HttpResponse<String> found = client.send("POST", client.path("device-005") + "?api-version=2021-10-01",
					client.sas("device-005", emulator.groupKey()), null);

			assertThat(found.statusCode()).isEqualTo(200);
		}

		@Test
		void pollingAnOperationTheDeviceNeverGotIs404() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			client.registerAndAwait("device-006");

			assertDpsError(client.poll("device-006", "5.0000.unknown"), 404, 404202);
			assertDpsError(client.poll("device-never", "5.0000.unknown"), 404, 404202);
		}

		@Test
		void disabledAndFailingIdsEndDisabledAndFailed() {
			DpsEmulator emulator = start("disabled-ids=blocked-*,off-1", "failing-ids=BROKEN-*");
			EmulatorClient client = new EmulatorClient(emulator);

			JsonNode disabled = client.registerAndAwait("blocked-17");
			JsonNode disabledExact = client.registerAndAwait("off-1");
			JsonNode failed = client.registerAndAwait("broken-3");
			JsonNode fine = client.registerAndAwait("off-10");

			assertThat(disabled.get("status").stringValue()).isEqualTo("disabled");
			assertThat(disabled.get("registrationState").get("status").stringValue()).isEqualTo("disabled");
			assertThat(disabled.get("registrationState").has("assignedHub")).isFalse();
			assertThat(disabledExact.get("status").stringValue()).isEqualTo("disabled");
			assertThat(failed.get("status").stringValue()).isEqualTo("failed");
			assertThat(failed.get("registrationState").get("errorCode").intValue()).isEqualTo(400209);
			assertThat(failed.get("registrationState").get("errorMessage").stringValue()).isNotBlank();
			assertThat(fine.get("status").stringValue()).isEqualTo("assigned");
			assertThat(emulator.counts().assigned()).isEqualTo(1);
		}

		@Test
		void countsTellWhatHappened() {
			DpsEmulator emulator = start("assignment-delay=0s");
			EmulatorClient client = new EmulatorClient(emulator);

			client.registerAndAwait("count-1");
			client.registerAndAwait("count-2");
			client.registerAndAwait("count-2");
			client.register("count-3", client.sas("count-3", "AAECAwQFBgcICQoLDA0ODw=="));
			client.send("PUT", client.path("count-4") + "/register", client.sas("count-4", emulator.groupKey()),
					EmulatorClient.body("count-4"));
			client.lookup("count-1");

			EmulatorCounts counts = emulator.counts();
			assertThat(counts.registerCalls()).isEqualTo(5);
			assertThat(counts.pollCalls()).isEqualTo(3);
			assertThat(counts.lookupCalls()).isEqualTo(1);
			assertThat(counts.unauthorized()).isEqualTo(1);
			assertThat(counts.badRequests()).isEqualTo(1);
			assertThat(counts.throttled()).isZero();
			assertThat(counts.injectedFaults()).isZero();
			assertThat(counts.assigned()).isEqualTo(3);
			assertThat(counts.devicesRegisteredMoreThanOnce()).isEqualTo(1);
			assertThat(counts.registerCallsByDevice()).containsExactly(Map.entry("count-1", 1),
					Map.entry("count-2", 2));
			assertThat(counts.toSummary()).contains("register calls: 5").contains("more than once: 1");
		}

	}

	@Nested
	class Authorization {

		private static final String ID = "sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6";

		/**
		 * The spellings of Microsoft's SDKs
		 * (docs/dps.md#sas-token-spellings-the-sdks-send), and the fields in another
		 * order.
		 */
		@ParameterizedTest
		@ValueSource(strings = { "raw sr, empty skn (Java)", "%2F sr, skn registration (C#, docs)",
				"%2f sr, skn registration (C)", "%2F sr, no skn (Python)", "fields in the docs' order" })
		void everySasSpellingOfTheSdksIsAccepted(String spelling) {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			DeviceKey key = EmulatorClient.deviceKey(emulator.groupKey(), ID);
			long se = Instant.now().plus(Duration.ofMinutes(40)).getEpochSecond();
			String raw = emulator.idScope() + "/registrations/" + ID;
			String upper = URLEncoder.encode(raw, StandardCharsets.UTF_8);
			String lower = raw.replace("/", "%2f");
			String authorization = switch (spelling) {
				case "raw sr, empty skn (Java)" -> EmulatorClient.sasWithSr(raw, key, se, "&skn=");
				case "%2F sr, skn registration (C#, docs)" ->
					EmulatorClient.sasWithSr(upper, key, se, "&skn=registration");
				case "%2f sr, skn registration (C)" -> EmulatorClient.sasWithSr(lower, key, se, "&skn=registration");
				case "%2F sr, no skn (Python)" -> EmulatorClient.sasWithSr(upper, key, se, "");
				default -> reorder(EmulatorClient.sasWithSr(upper, key, se, "&skn=registration"));
			};

			HttpResponse<String> registered = client.register(ID, authorization);

			assertThat(registered.statusCode()).as(registered.body()).isEqualTo(202);
		}

		/**
		 * "sr=A&sig=B&se=C&skn=D" becomes "sig=B&se=C&skn=D&sr=A", as in
		 * docs/dps.md#sas-tokens.
		 */
		private static String reorder(String header) {
			String fields = header.substring("SharedAccessSignature ".length());
			int firstAmpersand = fields.indexOf('&');
			return "SharedAccessSignature " + fields.substring(firstAmpersand + 1) + "&"
					+ fields.substring(0, firstAmpersand);
		}

		@Test
		void aTokenSignedWithTheWrongKeyIsRefused() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			String otherKey = "8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegxkqIChbqOS9Egw==";

			assertDpsError(client.register(ID, client.sas(ID, otherKey)), 401, 401002);
			assertThat(emulator.counts().unauthorized()).isEqualTo(1);
			assertThat(emulator.counts().registerCallsByDevice()).isEmpty();
		}

		@Test
		void anExpiredTokenIsRefused() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			DeviceKey key = EmulatorClient.deviceKey(emulator.groupKey(), ID);
			String sr = URLEncoder.encode(emulator.idScope() + "/registrations/" + ID, StandardCharsets.UTF_8);
			long expired = Instant.now().minusSeconds(5).getEpochSecond();

			assertDpsError(client.register(ID, EmulatorClient.sasWithSr(sr, key, expired, "&skn=registration")), 401,
					401002);
		}

		@Test
		void aTokenForAnotherDeviceIsRefused() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			// validly signed for device-b, presented for device-b's path... but sent to
			// device-a's
			HttpResponse<String> response = client.send("PUT",
					client.path("device-a") + "/register?api-version=2021-10-01",
					client.sas("device-b", emulator.groupKey()), EmulatorClient.body("device-a"));

			assertDpsError(response, 401, 401002);
		}

		@Test
		void aTokenForAnotherIdScopeIsRefused() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			DeviceKey key = EmulatorClient.deviceKey(emulator.groupKey(), ID);
			String sr = "0ne00OTHER1%2Fregistrations%2F" + ID;
			long se = Instant.now().plusSeconds(600).getEpochSecond();

			assertDpsError(client.register(ID, EmulatorClient.sasWithSr(sr, key, se, "&skn=registration")), 401,
					401002);
		}

		@Test
		void missingOrForeignAuthorizationIsRefused() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			assertDpsError(client.register(ID, null), 401, 401002);
			assertDpsError(client.register(ID, "Bearer abc"), 401, 401002);
			assertDpsError(
					client.register(ID,
							client.sas(ID, emulator.groupKey()).replace("skn=registration", "skn=iothubowner")),
					401, 401002);
		}

		@Test
		void aTokenLivingLongerThanMaxSasTtlIsRefused() {
			DpsEmulator emulator = start("max-sas-ttl=10m");
			EmulatorClient client = new EmulatorClient(emulator);
			DeviceKey key = EmulatorClient.deviceKey(emulator.groupKey(), ID);
			String sr = URLEncoder.encode(emulator.idScope() + "/registrations/" + ID, StandardCharsets.UTF_8);

			long tooFar = Instant.now().plus(Duration.ofMinutes(30)).getEpochSecond();
			long fine = Instant.now().plus(Duration.ofMinutes(5)).getEpochSecond();
			assertDpsError(client.register(ID, EmulatorClient.sasWithSr(sr, key, tooFar, "&skn=registration")), 401,
					401002);
			assertThat(client.register(ID, EmulatorClient.sasWithSr(sr, key, fine, "&skn=registration")).statusCode())
				.isEqualTo(202);
		}

		@Test
		void bothGroupKeysAreAcceptedByDefault() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			assertThat(client.register("key-1", client.sas("key-1", emulator.groupKey())).statusCode()).isEqualTo(202);
			assertThat(client.register("key-2", client.sas("key-2", emulator.secondaryGroupKey())).statusCode())
				.isEqualTo(202);
			assertThat(emulator.secondaryGroupKey()).isNotEqualTo(emulator.groupKey());
		}

		@Test
		void onlyThePrimaryKeyIsAcceptedWhenSoConfigured() {
			DpsEmulator emulator = start("accept-keys=PRIMARY");
			EmulatorClient client = new EmulatorClient(emulator);

			assertThat(client.register("key-1", client.sas("key-1", emulator.groupKey())).statusCode()).isEqualTo(202);
			assertDpsError(client.register("key-2", client.sas("key-2", emulator.secondaryGroupKey())), 401, 401002);
		}

		@Test
		void onlyTheSecondaryKeyIsAcceptedWhenSoConfigured() {
			DpsEmulator emulator = start("accept-keys=SECONDARY");
			EmulatorClient client = new EmulatorClient(emulator);

			assertDpsError(client.register("key-1", client.sas("key-1", emulator.groupKey())), 401, 401002);
			assertThat(client.register("key-2", client.sas("key-2", emulator.secondaryGroupKey())).statusCode())
				.isEqualTo(202);
		}

		@Test
		void configuredGroupKeysAreUsed() {
			String primary = "8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegxkqIChbqOS9Egw==";
			DpsEmulator emulator = start("group-key=" + primary, "secondary-group-key=AAECAwQFBgcICQoLDA0ODw==");
			EmulatorClient client = new EmulatorClient(emulator);

			assertThat(emulator.groupKey()).isEqualTo(primary);
			assertThat(emulator.secondaryGroupKey()).isEqualTo("AAECAwQFBgcICQoLDA0ODw==");
			assertThat(client.register(ID, client.sas(ID, primary)).statusCode()).isEqualTo(202);
		}

		@Test
		void anInvalidConfiguredGroupKeyStopsTheStartWithoutShowingIt() {
			assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> start("group-key=c2hvcnQ="))
				.withMessageNotContaining("c2hvcnQ=");
		}

	}

	@Nested
	class Validation {

		@Test
		void aMissingOrUnsupportedApiVersionIs400004() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			for (String query : List.of("", "?api-version=latest", "?api-version=2099-01-01",
					"?api-version=1999-01-01-preview", "?api-version=2019-04-15", "?api-version=")) {
				HttpResponse<String> refused = client.send("PUT", client.path("device-1") + "/register" + query,
						client.sas("device-1", emulator.groupKey()), EmulatorClient.body("device-1"));
				assertDpsError(refused, 400, 400004);
				assertThat(EmulatorClient.json(refused).get("message").stringValue()).as(query)
					.containsAnyOf("Unsupported API version", "api-version query parameter is required");
			}
			assertThat(emulator.counts().registerCallsByDevice()).isEmpty();
		}

		@ParameterizedTest
		@ValueSource(strings = { "2017-11-15", "2018-04-01", "2018-11-01", "2019-03-31", "2021-06-01", "2021-10-01",
				"2021-11-01-preview", "2025-07-01-preview" })
		void theVersionsDpsServesAreAccepted(String apiVersion) {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			HttpResponse<String> registered = client.send("PUT",
					client.path("device-1") + "/register?api-version=" + apiVersion,
					client.sas("device-1", emulator.groupKey()), EmulatorClient.body("device-1"));

			assertThat(registered.statusCode()).as(registered.body()).isEqualTo(202);
		}

		@ParameterizedTest
		@ValueSource(strings = { "device.", "bad%20id", "device%2Fslash", "tr%C3%A8s" })
		void anInvalidRegistrationIdIs400004(String encodedId) {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			HttpResponse<String> response = client.send("PUT",
					client.path(encodedId) + "/register?api-version=2021-10-01", null, "{}");

			assertDpsError(response, 400, 400004);
			assertThat(EmulatorClient.json(response).get("message").stringValue()).isEqualTo("Invalid RegistrationId");
		}

		@Test
		void aPercentEncodedValidRegistrationIdIsDecoded() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			HttpResponse<String> response = client.send("PUT",
					client.path("line%3A4.dev_1") + "/register?api-version=2021-10-01",
					client.sas("line:4.dev_1", emulator.groupKey()), EmulatorClient.body("line:4.dev_1"));

			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		}

		@Test
		void aBodyThatIsNotTheDevicesIs400() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			String path = client.path("device-1") + "/register?api-version=2021-10-01";
			String sas = client.sas("device-1", emulator.groupKey());

			assertDpsError(client.send("PUT", path, sas, EmulatorClient.body("device-2")), 400, 400001);
			assertDpsError(client.send("PUT", path, sas, "{}"), 400, 400001);
			assertDpsError(client.send("PUT", path, sas, "{\"registrationId\":"), 400, 400001);
			assertDpsError(client.send("PUT", path, sas, "[\"device-1\"]"), 400, 400001);
			assertThat(emulator.counts().badRequests()).isEqualTo(4);
			assertThat(emulator.counts().registerCallsByDevice()).isEmpty();
		}

		@Test
		void aPayloadMayBeAnyJsonValueAsMicrosoftsJavaSdkSendsAString() {
			// DeviceRegistrationParser of provisioning-device-client declares the payload
			// a String, so Gson sends {"payload":"{\"model\":...}"}, and the SDK's custom
			// allocation works against DPS
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			HttpResponse<String> response = client.send("PUT",
					client.path("device-1") + "/register?api-version=2019-03-31",
					client.sas("device-1", emulator.groupKey()),
					"{\"registrationId\":\"device-1\",\"payload\":\"{\\\"model\\\":\\\"x\\\"}\"}");

			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		}

		@Test
		void aNullPayloadIsNoPayload() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			HttpResponse<String> response = client.send("PUT",
					client.path("device-1") + "/register?api-version=2021-10-01",
					client.sas("device-1", emulator.groupKey()), "{\"registrationId\":\"device-1\",\"payload\":null}");

			assertThat(response.statusCode()).isEqualTo(202);
		}

		@Test
		void aBodyThatIsNotJsonByContentTypeIs415() throws Exception {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			HttpRequest request = HttpRequest
				.newBuilder(java.net.URI
					.create(emulator.endpoint() + client.path("device-1") + "/register?api-version=2021-10-01"))
				.header("Authorization", client.sas("device-1", emulator.groupKey()))
				.header("Content-Type", "text/plain")
				.PUT(HttpRequest.BodyPublishers.ofString(EmulatorClient.body("device-1")))
				.build();
			HttpClient http = HttpClient.newBuilder()
				.sslContext(EmulatorClient.trusting(emulator.trustStore(), emulator.trustStorePassword(),
						emulator.trustStoreType()))
				.build();

			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

			assertDpsError(response, 415, 415000);
		}

		@Test
		void anUnknownIdScopeIs404() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			assertDpsError(client.send("PUT", "/0ne00NOPE01/registrations/device-1/register?api-version=2021-10-01",
					client.sas("device-1", emulator.groupKey()), EmulatorClient.body("device-1")), 404, 404001);
		}

		@Test
		void anythingElseIs404AndAWrongMethod405() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);

			assertDpsError(client.send("GET", "/", null, null), 404, 404000);
			assertDpsError(client.send("GET", "/0ne00EMU001/devices/x?api-version=2021-10-01", null, null), 404,
					404000);
			assertDpsError(
					client.send("PUT", client.path("device-1") + "/register/extra?api-version=2021-10-01", null, "{}"),
					404, 404000);
			HttpResponse<String> wrongMethod = client.send("GET",
					client.path("device-1") + "/register?api-version=2021-10-01", null, null);
			assertDpsError(wrongMethod, 405, 405000);
			assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("PUT");
			assertThat(emulator.counts().registerCalls()).isZero();
		}

	}

	@Nested
	class Throttling {

		@Test
		void registrationsBeyondTheQuotaAre429WithRetryAfter() {
			DpsEmulator emulator = start("registrations-per-minute=1");
			EmulatorClient client = new EmulatorClient(emulator);

			assertThat(client.register("quota-1").statusCode()).isEqualTo(202);
			HttpResponse<String> throttled = client.register("quota-2");

			assertDpsError(throttled, 429, 429001);
			long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
			assertThat(retryAfter).isBetween(1L, 60L);
			assertThat(emulator.counts().throttled()).isEqualTo(1);
			assertThat(emulator.counts().registerCallsByDevice()).containsOnlyKeys("quota-1");
		}

		@Test
		void theBurstOfTheQuotaIsConfigurable() {
			DpsEmulator emulator = start("registrations-per-minute=60", "registration-burst=30");
			EmulatorClient client = new EmulatorClient(emulator);

			for (int i = 0; i < 30; i++) {
				assertThat(client.register("burst-" + i).statusCode()).isEqualTo(202);
			}
			assertDpsError(client.register("burst-30"), 429, 429001);
		}

		@Test
		void fieldCallsTakeFromTheQuotaAndTheir429sAreCountedApartAndShown() {
			// the field wants 100 a second from a quota of 10 a second
			DpsEmulator emulator = start("registrations-per-minute=600", "field-load-per-minute=6000");
			EmulatorClient client = new EmulatorClient(emulator);

			EmulatorCounts counts = EmulatorClient.eventually(Duration.ofSeconds(30),
					() -> Optional.of(emulator.counts())
						.filter((now) -> now.fieldCalls() >= 100 && now.fieldThrottled() >= 50));

			assertThat(counts.registerCalls()).as("the field's calls are not the real traffic's").isZero();
			assertThat(counts.throttled()).isZero();
			assertThat(counts.fieldThrottled()).isLessThan(counts.fieldCalls());
			JsonNode json = EmulatorClient.json(client.send("GET", "/_emulator/counts", null, null));
			assertThat(json.get("fieldCalls").longValue()).isGreaterThanOrEqualTo(100);
			assertThat(json.get("fieldThrottled").longValue()).isGreaterThanOrEqualTo(50);
			assertThat(counts.toSummary())
				.contains("field load: " + counts.fieldCalls() + " register calls of devices in the field, "
						+ counts.fieldThrottled() + " of them throttled (429)");
		}

		@Test
		void aQuotaOfZeroMeansUnlimited() {
			DpsEmulator emulator = start("registrations-per-minute=0");
			EmulatorClient client = new EmulatorClient(emulator);

			for (int i = 0; i < 30; i++) {
				assertThat(client.register("unlimited-" + i).statusCode()).isEqualTo(202);
			}
		}

		@Test
		void aSixthPollWithinTenSecondsIs429WithRetryAfter() {
			DpsEmulator emulator = start("poll-limit-enabled=true", "assignment-delay=1m");
			EmulatorClient client = new EmulatorClient(emulator);
			String operationId = operationId(client.register("poller"));

			for (int i = 0; i < 5; i++) {
				assertThat(client.poll("poller", operationId).statusCode()).isEqualTo(202);
			}
			HttpResponse<String> throttled = client.poll("poller", operationId);

			assertDpsError(throttled, 429, 429001);
			long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
			assertThat(retryAfter).isBetween(1L, 10L);
			// the limit is per device
			String other = operationId(client.register("other-poller"));
			assertThat(client.poll("other-poller", other).statusCode()).isEqualTo(202);
		}

	}

	@Nested
	class Faults {

		@Test
		void injectedThrottlesAre429WithRetryAfter1() {
			DpsEmulator emulator = start("faults.throttle-rate=1");
			EmulatorClient client = new EmulatorClient(emulator);

			HttpResponse<String> response = client.register("fault-1");

			assertDpsError(response, 429, 429001);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(emulator.counts().injectedFaults()).isEqualTo(1);
			assertThat(emulator.counts().throttled()).isEqualTo(1);
			assertThat(emulator.counts().registerCalls()).isEqualTo(1);
			assertThat(emulator.counts().registerCallsByDevice()).isEmpty();
		}

		@Test
		void injectedInternalErrorsAre500() {
			DpsEmulator emulator = start("faults.internal-error-rate=1");
			EmulatorClient client = new EmulatorClient(emulator);

			assertDpsError(client.register("fault-1"), 500, 500000);
			assertThat(emulator.counts().injectedFaults()).isEqualTo(1);
		}

		@Test
		void injectedUnavailabilityIs503() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			emulator.faults(new FaultSettings(0, 0, 1, 0, 0, 0, null, 0));

			assertDpsError(client.register("fault-1"), 503, 503000);
			assertThat(emulator.counts().injectedFaults()).isEqualTo(1);
		}

		@Test
		void anInjectedExpiredTokenIs401AndTheNextTokenIsAccepted() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			emulator.faults(new FaultSettings(0, 0, 0, 0, 1, 0, null, 0));

			assertDpsError(client.register("fault-1"), 401, 401002);
			assertThat(emulator.counts().unauthorized()).isEqualTo(1);
			assertThat(emulator.counts().registerCallsByDevice()).isEmpty();

			emulator.faults(FaultSettings.none());
			assertThat(client.register("fault-1").statusCode()).isEqualTo(202);
		}

		@Test
		void aDeviceNeverHasTwoTokensInARowTakenAsExpired() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			emulator.faults(new FaultSettings(0, 0, 0, 0, 0.5, 0, null, 3));

			int previous = 0;
			for (int i = 0; i < 40; i++) {
				int status = client.register("fault-2").statusCode();
				assertThat(previous == 401 && status == 401).as("two 401s in a row").isFalse();
				previous = status;
			}
			assertThat(emulator.counts().unauthorized()).isGreaterThan(5);
		}

		@Test
		void aDroppedConnectionIsAnIOExceptionOnTheClient() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			emulator.faults(new FaultSettings(0, 0, 0, 1, 0, 0, null, 0));

			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> client.sendOrFail("PUT", client.path("fault-1") + "/register?api-version=2021-10-01",
						client.sas("fault-1", emulator.groupKey()), EmulatorClient.body("fault-1")));
			assertThat(emulator.counts().injectedFaults()).isPositive();
			assertThat(emulator.counts().registerCallsByDevice()).isEmpty();

			emulator.faults(FaultSettings.none());
			assertThat(client.register("fault-1").statusCode()).isEqualTo(202);
		}

		@Test
		void aSlowResponseComesAfterTheDelayAndIsOtherwiseNormal() {
			DpsEmulator emulator = start("faults.slow-rate=1", "faults.slow-delay=300ms");
			EmulatorClient client = new EmulatorClient(emulator);

			long start = System.nanoTime();
			HttpResponse<String> response = client.register("slow-1");
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

			assertThat(response.statusCode()).isEqualTo(202);
			assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(300));
			assertThat(emulator.counts().injectedFaults()).isEqualTo(1);
		}

		@Test
		void faultsAreReproducibleFromTheirSeed() {
			// no quota: only the faults may decide the answers
			DpsEmulator emulator = start("registrations-per-minute=0");
			EmulatorClient client = new EmulatorClient(emulator);
			FaultSettings halfFailing = new FaultSettings(0, 0.5, 0, 0, 0, 0, null, 42);

			emulator.faults(halfFailing);
			List<Integer> first = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				first.add(client.register("seeded-" + i).statusCode());
			}
			emulator.faults(halfFailing);
			List<Integer> second = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				second.add(client.register("seeded-" + i).statusCode());
			}

			assertThat(first).contains(202, 500).isEqualTo(second);
		}

		@Test
		void theAdminApiShowsCountsAndChangesFaults() {
			DpsEmulator emulator = start();
			EmulatorClient client = new EmulatorClient(emulator);
			client.registerAndAwait("admin-1");

			HttpResponse<String> counts = client.send("GET", "/_emulator/counts", null, null);
			assertThat(counts.statusCode()).isEqualTo(200);
			JsonNode countsJson = EmulatorClient.json(counts);
			assertThat(countsJson.get("registerCalls").longValue()).isEqualTo(1);
			assertThat(countsJson.get("registerCallsByDevice").get("admin-1").intValue()).isEqualTo(1);

			HttpResponse<String> put = client.send("PUT", "/_emulator/faults", null,
					"{\"unavailableRate\":1,\"slowDelay\":\"250ms\",\"seed\":7}");
			assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
			assertThat(EmulatorClient.json(put).get("slowDelay").stringValue()).isEqualTo("PT0.25S");
			assertDpsError(client.register("admin-2"), 503, 503000);
			// the admin API itself is never faulted
			assertThat(client.send("GET", "/_emulator/faults", null, null).statusCode()).isEqualTo(200);

			assertDpsError(client.send("PUT", "/_emulator/faults", null, "{\"throttle-rate\":1}"), 400, 400001);
			assertDpsError(client.send("PUT", "/_emulator/faults", null, "{\"throttleRate\":2}"), 400, 400001);
			assertThat(client.send("PUT", "/_emulator/faults", null, "{}").statusCode()).isEqualTo(200);
			assertThat(client.register("admin-2").statusCode()).isEqualTo(202);
		}

	}

	@Nested
	class TransportSecurity {

		@Test
		void aClientThatDoesNotTrustTheEmulatorsTrustStoreFailsTheHandshake() throws Exception {
			DpsEmulator emulator = start();
			EmulatorClient untrusting = new EmulatorClient(emulator, SSLContext.getDefault());

			assertThatThrownBy(() -> untrusting.sendOrFail("GET", "/_emulator/counts", null, null))
				.isInstanceOf(SSLHandshakeException.class);
		}

		@Test
		void theCertificateNamesLocalhostAndTls12IsSpoken() throws Exception {
			DpsEmulator emulator = start();
			SSLContext trusting = EmulatorClient.trusting(emulator.trustStore(), emulator.trustStorePassword(),
					emulator.trustStoreType());
			javax.net.ssl.SSLParameters tls12 = new javax.net.ssl.SSLParameters();
			tls12.setProtocols(new String[] { "TLSv1.2" });
			HttpClient http = HttpClient.newBuilder().sslContext(trusting).sslParameters(tls12).build();

			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(emulator.endpoint().resolve("/_emulator/counts")).build(),
					HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
			assertThat(emulator.endpoint().getHost()).isEqualTo("localhost");
		}

		@Test
		void connectionsAreCountedWhenAcceptedAndTheMostOpenAtOnceIsKept() throws Exception {
			DpsEmulator emulator = start();
			javax.net.ssl.SSLSocketFactory sockets = EmulatorClient
				.trusting(emulator.trustStore(), emulator.trustStorePassword(), emulator.trustStoreType())
				.getSocketFactory();

			try (javax.net.ssl.SSLSocket first = handshake(sockets, emulator);
					javax.net.ssl.SSLSocket second = handshake(sockets, emulator)) {
				awaitOpenConnections(emulator, 2);
			}
			awaitOpenConnections(emulator, 0);
			try (javax.net.ssl.SSLSocket third = handshake(sockets, emulator)) {
				awaitOpenConnections(emulator, 1);
			}

			assertThat(emulator.counts().connections()).isEqualTo(3);
			assertThat(emulator.counts().mostOpenConnections()).isEqualTo(2);
			assertThat(emulator.counts().toSummary()).contains("TLS connections accepted: 3 (at most 2 open at once)");
		}

		private static javax.net.ssl.SSLSocket handshake(javax.net.ssl.SSLSocketFactory sockets, DpsEmulator emulator)
				throws IOException {
			javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) sockets.createSocket("127.0.0.1",
					emulator.endpoint().getPort());
			socket.startHandshake();
			return socket;
		}

		/**
		 * The server learns of an open or a close on its own threads, a moment after the
		 * client.
		 */
		private static void awaitOpenConnections(DpsEmulator emulator, int open) {
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> emulator.counts().openConnections() == open);
		}

		@Test
		void aClientThatInsistsOnTls13IsRefusedAsDpsRefusesIt() throws Exception {
			// "Currently, DPS only supports TLS 1.2"
			// (learn.microsoft.com/azure/iot-dps/tls-support)
			DpsEmulator emulator = start();
			SSLContext trusting = EmulatorClient.trusting(emulator.trustStore(), emulator.trustStorePassword(),
					emulator.trustStoreType());
			javax.net.ssl.SSLParameters tls13 = new javax.net.ssl.SSLParameters();
			tls13.setProtocols(new String[] { "TLSv1.3" });
			HttpClient http = HttpClient.newBuilder().sslContext(trusting).sslParameters(tls13).build();

			assertThatThrownBy(
					() -> http.send(HttpRequest.newBuilder(emulator.endpoint().resolve("/_emulator/counts")).build(),
							HttpResponse.BodyHandlers.ofString()))
				.isInstanceOf(SSLHandshakeException.class);
		}

		@Test
		void keysAndCertificateAreReusedOnTheSameStateDirectory(@TempDir Path stateDir) throws Exception {
			DpsEmulator first = start("state-dir=" + stateDir);
			String groupKey = first.groupKey();
			String secondaryKey = first.secondaryGroupKey();
			SSLContext trustedBefore = EmulatorClient.trusting(first.trustStore(), first.trustStorePassword(),
					first.trustStoreType());
			Certificate[] chainBefore = serverChain(new EmulatorClient(first, trustedBefore), first);
			first.close();

			DpsEmulator second = start("state-dir=" + stateDir);
			EmulatorClient client = new EmulatorClient(second, trustedBefore);

			assertThat(second.groupKey()).isEqualTo(groupKey);
			assertThat(second.secondaryGroupKey()).isEqualTo(secondaryKey);
			assertThat(second.trustStore()).isEqualTo(first.trustStore());
			assertThat(serverChain(client, second)).isEqualTo(chainBefore);
			assertThat(client.register("device-1", client.sas("device-1", groupKey)).statusCode()).isEqualTo(202);
		}

		private Certificate[] serverChain(EmulatorClient client, DpsEmulator emulator) throws Exception {
			HttpResponse<String> response = client.sendOrFail("GET", "/_emulator/counts", null, null);
			return response.sslSession().orElseThrow().getPeerCertificates();
		}

		@Test
		void theStateDirectoryAndItsSecretsAreOwnerOnly(@TempDir Path parent) throws Exception {
			Path stateDir = parent.resolve("emulator");
			DpsEmulator emulator = start("state-dir=" + stateDir);

			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir))).isEqualTo("rwx------");
			for (String secret : List.of("group-key", "secondary-group-key", "ca.p12", "server.p12", "tls.password",
					"truststore.password")) {
				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir.resolve(secret))))
					.as(secret)
					.isEqualTo("rw-------");
			}
			assertThat(Files.readString(stateDir.resolve("group-key")).strip()).isEqualTo(emulator.groupKey());
			assertThat(java.util.Base64.getDecoder().decode(emulator.groupKey())).hasSize(64);
			KeyStore trustStore = KeyStore.getInstance(emulator.trustStoreType());
			try (InputStream in = Files.newInputStream(emulator.trustStore())) {
				trustStore.load(in, emulator.trustStorePassword().toCharArray());
			}
			assertThat(trustStore.size()).isEqualTo(1);
			assertThat(trustStore.isCertificateEntry(trustStore.aliases().nextElement())).isTrue();
		}

	}

	@Nested
	@ExtendWith(OutputCaptureExtension.class)
	class Logging {

		@Test
		void theStartIsLoggedWithoutTheKeys(CapturedOutput output) {
			DpsEmulator emulator = start();

			assertThat(output).contains("DPS emulator listening on " + emulator.endpoint())
				.contains(emulator.idScope())
				.contains(emulator.trustStore().toString())
				.doesNotContain(emulator.groupKey())
				.doesNotContain(emulator.secondaryGroupKey())
				.contains("0ne00emu001.dps-emulator.localhost");
			String serviceKey = ServiceSas.keyOf(emulator.serviceConnectionStrings().get(emulator.idScope()));
			assertThat(output).doesNotContain(serviceKey);
			assertThat(emulator.toString()).doesNotContain(emulator.groupKey());
		}

	}

}
