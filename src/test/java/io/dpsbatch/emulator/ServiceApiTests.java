package io.dpsbatch.emulator;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.dpsbatch.keys.DeviceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The service API over HTTPS, and its one state with the device API: enrollments created
 * through it register at once with their keys, deleted ones cannot, disabled ones
 * register as {@code disabled} (over a group too), and a deleted registration record
 * makes the next registration an initial assignment.
 */
class ServiceApiTests {

	private static final String SCOPE = EmulatorProperties.DEFAULT_ID_SCOPE;

	private static final String VERSION = "?api-version=2021-10-01";

	@TempDir
	static Path stateDir;

	private final List<DpsEmulator> started = new ArrayList<>();

	private DpsEmulator emulator;

	private EmulatorClient client;

	private String connectionString;

	@AfterEach
	void close() {
		this.started.forEach(DpsEmulator::close);
	}

	private void start(String... properties) {
		this.emulator = DpsEmulator.start(EmulatorClient.quickProperties(stateDir, properties), Clock.systemUTC());
		this.started.add(this.emulator);
		this.client = new EmulatorClient(this.emulator);
		this.connectionString = this.emulator.serviceConnectionStrings().get(SCOPE);
	}

	private HttpResponse<String> service(String method, String path, String body, String... headers) {
		try {
			return this.client.sendOrFail(method, path,
					ServiceSas.token(ServiceSas.hostOf(this.connectionString), ServiceSas.keyOf(this.connectionString)),
					body, headers);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String enrollment(String registrationId, String extra) {
		return "{\"registrationId\":\"" + registrationId
				+ "\",\"attestation\":{\"type\":\"symmetricKey\",\"symmetricKey\":{}}" + extra + "}";
	}

	private JsonNode create(String registrationId, String extra) {
		HttpResponse<String> created = service("PUT", "/enrollments/" + registrationId + VERSION,
				enrollment(registrationId, extra));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		return EmulatorClient.json(created);
	}

	private static DeviceKey primaryKey(JsonNode enrollment) {
		return DeviceKey.fromBase64(enrollment.at("/attestation/symmetricKey/primaryKey").stringValue(), "primary");
	}

	@Test
	void theConnectionStringNamesTheInstancesHostAndAKeyKeptInTheStateDirectory() throws IOException {
		start();

		assertThat(this.connectionString).startsWith(
				"HostName=0ne00emu001.dps-emulator.localhost;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=");
		Path keyFile = stateDir.resolve("service-key.0ne00emu001");
		assertThat(Files.readString(keyFile).strip()).isEqualTo(ServiceSas.keyOf(this.connectionString));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
	}

	@Test
	void anEnrollmentIsCreatedReadWithoutKeysAndDeleted() {
		start();
		JsonNode created = create("svc-1", "");

		HttpResponse<String> read = service("GET", "/enrollments/svc-1" + VERSION, null);
		HttpResponse<String> keys = service("POST", "/enrollments/svc-1/attestationmechanism" + VERSION, "{}");
		HttpResponse<String> deleted = service("DELETE", "/enrollments/svc-1" + VERSION, null);
		HttpResponse<String> gone = service("GET", "/enrollments/svc-1" + VERSION, null);

		assertThat(created.get("etag").stringValue()).isNotEmpty();
		assertThat(created.get("lastUpdatedDateTimeUtc").stringValue()).endsWith("Z");
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(EmulatorClient.json(read).at("/attestation/symmetricKey").isEmpty()).isTrue();
		assertThat(read.body()).doesNotContain("primaryKey");
		assertThat(EmulatorClient.json(keys)).isEqualTo(created.get("attestation"));
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(EmulatorClient.json(gone).get("errorCode").intValue()).isEqualTo(404201);
		assertThat(gone.headers().firstValue("x-ms-error-code")).hasValue("404201");
		assertThat(service("DELETE", "/enrollments/svc-1" + VERSION, null).statusCode()).isEqualTo(404);
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.serviceCalls()).isEqualTo(6);
		assertThat(counts.enrollmentsCreated()).isEqualTo(1);
		assertThat(counts.enrollmentsDeleted()).isEqualTo(1);
	}

	@Test
	void aBulkCallTakesTenAndReportsEachFailure() {
		start();
		StringBuilder eleven = new StringBuilder();
		for (int i = 0; i < 11; i++) {
			eleven.append((i > 0) ? "," : "").append(enrollment("bulk-" + i, ""));
		}
		create("bulk-1", "");

		HttpResponse<String> tooMany = service("POST", "/enrollments" + VERSION,
				"{\"mode\":\"create\",\"enrollments\":[" + eleven + "]}");
		HttpResponse<String> created = service("POST", "/enrollments" + VERSION,
				"{\"mode\":\"create\",\"enrollments\":[" + enrollment("bulk-1", "") + "," + enrollment("bulk-2", "")
						+ "]}");
		HttpResponse<String> deleted = service("POST", "/enrollments" + VERSION,
				"{\"mode\":\"delete\",\"enrollments\":[" + enrollment("bulk-2", "") + "," + enrollment("bulk-9", "")
						+ "]}");
		HttpResponse<String> updated = service("POST", "/enrollments" + VERSION,
				"{\"mode\":\"update\",\"enrollments\":[" + enrollment("bulk-1", "") + "]}");

		assertThat(tooMany.statusCode()).isEqualTo(400);
		// bulk-1 and bulk-2: none of the eleven
		assertThat(this.emulator.counts().enrollmentsCreated()).isEqualTo(2);
		assertThat(created.statusCode()).isEqualTo(200);
		assertThat(EmulatorClient.json(created).get("isSuccessful").booleanValue()).isFalse();
		assertThat(EmulatorClient.json(created).get("errors")).hasSize(1);
		assertThat(EmulatorClient.json(created).at("/errors/0/registrationId").stringValue()).isEqualTo("bulk-1");
		assertThat(EmulatorClient.json(created).at("/errors/0/errorCode").intValue()).isEqualTo(409201);
		assertThat(EmulatorClient.json(created).at("/errors/0/errorStatus").stringValue()).isNotEmpty();
		assertThat(EmulatorClient.json(deleted).at("/errors/0/registrationId").stringValue()).isEqualTo("bulk-9");
		assertThat(EmulatorClient.json(deleted).at("/errors/0/errorCode").intValue()).isEqualTo(404201);
		assertThat(updated.body()).isEqualTo("{\"isSuccessful\":true,\"errors\":[]}");
	}

	@Test
	void aQueryIsPagedByMaxItemCountAndContinuation() {
		start();
		for (int i = 1; i <= 5; i++) {
			create("q-" + i, "");
		}
		List<String> seen = new ArrayList<>();
		String continuation = null;
		int pages = 0;
		do {
			HttpResponse<String> page = (continuation != null)
					? service("POST", "/enrollments/query" + VERSION, "{\"query\":\"SELECT * FROM enrollments\"}",
							"x-ms-max-item-count", "2", "x-ms-continuation", continuation)
					: service("POST", "/enrollments/query" + VERSION, "{\"query\":\"SELECT * FROM enrollments\"}",
							"x-ms-max-item-count", "2");
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("x-ms-item-type")).hasValue("enrollment");
			assertThat(page.body()).doesNotContain("primaryKey");
			EmulatorClient.json(page).forEach((item) -> seen.add(item.get("registrationId").stringValue()));
			continuation = page.headers().firstValue("x-ms-continuation").orElse(null);
			pages++;
		}
		while (continuation != null);

		assertThat(seen).containsExactly("q-1", "q-2", "q-3", "q-4", "q-5");
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void theOperationsQuotaAnswers429BeyondIt() {
		// 60 a minute: a bucket of one second's worth, one call
		start("service-operations-per-minute=60");

		HttpResponse<String> first = service("GET", "/enrollments/none" + VERSION, null);
		HttpResponse<String> second = service("GET", "/enrollments/none" + VERSION, null);

		assertThat(first.statusCode()).isEqualTo(404);
		assertThat(second.statusCode()).isEqualTo(429);
		assertThat(EmulatorClient.json(second).get("errorCode").intValue()).isEqualTo(429001);
		assertThat(this.emulator.counts().serviceThrottled()).isEqualTo(1);
	}

	@Test
	void requestsAreCheckedForApiVersionTokenAndMethod() {
		start();

		assertThat(service("GET", "/enrollments/x?api-version=2018-11-01", null).statusCode()).isEqualTo(400);
		assertThat(service("GET", "/enrollments/x?api-version=2019-03-31", null).statusCode()).isEqualTo(404);
		assertThat(service("PATCH", "/enrollments/x" + VERSION, null).statusCode()).isEqualTo(405);
		assertThat(service("GET", "/enrollments/x/y" + VERSION, null).statusCode()).isEqualTo(404);
		assertThat(
				EmulatorClient.json(service("GET", "/enrollments/bad%21" + VERSION, null)).get("errorCode").intValue())
			.isEqualTo(400004);
		assertThat(EmulatorClient.json(service("DELETE", "/registrations/a%2Fb" + VERSION, null))
			.get("errorCode")
			.intValue()).isEqualTo(400004);
		HttpResponse<String> unauthorized = this.client.send("GET", "/enrollments/x" + VERSION,
				ServiceSas.token(ServiceSas.hostOf(this.connectionString), ServiceSasVerifierTests.KEY), null);
		assertThat(unauthorized.statusCode()).isEqualTo(401);
		assertThat(EmulatorClient.json(unauthorized).get("errorCode").intValue()).isEqualTo(401002);
	}

	@Test
	void anEnrollmentCreatedThroughTheServiceApiRegistersAtOnceAndNotAfterItsDeletion() {
		start();
		DeviceKey key = primaryKey(create("svc-dev", ""));

		JsonNode registered = this.client.registerAndAwait(SCOPE, "svc-dev", key);
		service("DELETE", "/enrollments/svc-dev" + VERSION, null);

		assertThat(registered.get("status").stringValue()).isEqualTo("assigned");
		assertThat(this.client.register(SCOPE, "svc-dev", key).statusCode()).isEqualTo(401);
	}

	@Test
	void aDisabledEnrollmentRegistersAsDisabledEvenForADeviceOfAGroup() {
		start();
		DeviceKey own = primaryKey(create("svc-off", ",\"provisioningStatus\":\"disabled\""));
		create("group-dev", ",\"provisioningStatus\":\"disabled\"");
		DeviceKey derived = EmulatorClient.deviceKey(this.emulator.groupKey(), "group-dev");

		assertThat(this.client.registerAndAwait(SCOPE, "svc-off", own).get("status").stringValue())
			.isEqualTo("disabled");
		assertThat(this.client.registerAndAwait(SCOPE, "group-dev", derived).get("status").stringValue())
			.isEqualTo("disabled");
	}

	@Test
	void aDeletedRegistrationRecordMakesTheNextRegistrationAnInitialAssignment() {
		start();
		DeviceKey derived = EmulatorClient.deviceKey(this.emulator.groupKey(), "rec-1");
		this.client.registerAndAwait(SCOPE, "rec-1", derived);
		JsonNode again = this.client.registerAndAwait(SCOPE, "rec-1", derived);

		HttpResponse<String> record = service("GET", "/registrations/rec-1" + VERSION, null);
		HttpResponse<String> deleted = service("DELETE", "/registrations/rec-1" + VERSION, null);

		assertThat(again.at("/registrationState/substatus").stringValue())
			.isEqualTo("reprovisionedToInitialAssignment");
		assertThat(record.statusCode()).isEqualTo(200);
		assertThat(EmulatorClient.json(record).get("status").stringValue()).isEqualTo("assigned");
		assertThat(EmulatorClient.json(record).get("deviceId").stringValue()).isEqualTo("rec-1");
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(service("GET", "/registrations/rec-1" + VERSION, null).statusCode()).isEqualTo(404);
		assertThat(service("DELETE", "/registrations/rec-1" + VERSION, null).statusCode()).isEqualTo(404);
		assertThat(this.client
			.send("POST", "/" + SCOPE + "/registrations/rec-1?api-version=2021-10-01",
					EmulatorClient.sas(SCOPE, "rec-1", derived), EmulatorClient.body("rec-1"))
			.statusCode()).isEqualTo(404);
		assertThat(
				this.client.registerAndAwait(SCOPE, "rec-1", derived).at("/registrationState/substatus").stringValue())
			.isEqualTo("initialAssignment");
		assertThat(this.emulator.counts().registrationRecordsDeleted()).isEqualTo(1);
	}

	@Test
	void theConfiguredGroupIsReadWithoutKeysAndItsKeysThroughItsAttestationMechanism() {
		start();
		String group = EmulatorProperties.DEFAULT_ENROLLMENT_GROUP_ID;

		HttpResponse<String> read = service("GET", "/enrollmentGroups/" + group + VERSION, null);
		HttpResponse<String> keys = service("POST", "/enrollmentGroups/" + group + "/attestationmechanism" + VERSION,
				"{}");

		assertThat(EmulatorClient.json(read).get("enrollmentGroupId").stringValue()).isEqualTo(group);
		assertThat(read.body()).doesNotContain(this.emulator.groupKey());
		assertThat(EmulatorClient.json(keys).at("/symmetricKey/primaryKey").stringValue())
			.isEqualTo(this.emulator.groupKey());
		assertThat(service("GET", "/enrollmentGroups/other" + VERSION, null).statusCode()).isEqualTo(404);
	}

	@Test
	void aDropAfterActingCreatesTheEnrollmentAndLosesTheAnswer() {
		start();
		this.emulator.faults(new FaultSettings(0, 0, 0, 0, 0, 0, null, 0, 1));

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.client.sendOrFail("PUT", "/enrollments/lost-1" + VERSION,
					ServiceSas.token(ServiceSas.hostOf(this.connectionString), ServiceSas.keyOf(this.connectionString)),
					enrollment("lost-1", "")));
		this.emulator.faults(FaultSettings.none());

		assertThat(service("GET", "/enrollments/lost-1" + VERSION, null).statusCode()).isEqualTo(200);
		assertThat(this.emulator.counts().injectedFaults()).isEqualTo(1);
	}

	@Test
	void anIdScopeThatIsAServiceCollectionIsRefused() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> start("id-scope=Enrollments"))
			.withMessageContaining("service API");
	}

	@Test
	void injectedErrorsApplyToServiceCallsToo() {
		start();
		this.emulator.faults(new FaultSettings(0, 0, 1, 0, 0, 0, null, 0));

		assertThat(service("GET", "/enrollments/x" + VERSION, null).statusCode()).isEqualTo(503);
	}

}
