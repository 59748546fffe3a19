package io.dpsbatch.service;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorProperties;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.keys.ServiceConnectionString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * dps-batch's service API client against the embedded emulator's service API: the two
 * were written apart, each from DPS's documented shapes, so this is where a mismatch
 * between them shows (paths, SAS signed for the connection string's HostName while the
 * calls go to the emulator's port, bulk results, paging, keys only through the
 * attestation mechanism).
 */
class ServiceClientAgainstEmulatorTests {

	private static final SecureRandom RANDOM = new SecureRandom();

	@TempDir
	static Path stateDir;

	private static DpsEmulator emulator;

	private static ServiceClients clients;

	private static ProvisioningServiceClient client;

	@BeforeAll
	static void start() {
		emulator = DpsEmulator.start(EmulatorProperties.bind(Map.of("emulator.state-dir", stateDir.toString())),
				Clock.systemUTC());
		DpsProperties properties = new DpsProperties(URI.create("https://global.azure-devices-provisioning.net"),
				emulator.idScope(), "2021-10-01", null, null, null, null, emulator.trustStore(),
				emulator.trustStorePassword(), emulator.trustStoreType(), 128, 900, 3, Duration.ofSeconds(10),
				Duration.ofMinutes(5), Duration.ofHours(1), "direct", 8, 900);
		clients = new ServiceClients(properties, Clock.systemUTC());
		ServiceConnectionString connectionString = ServiceConnectionString
			.parse(emulator.serviceConnectionStrings().get(emulator.idScope()), "dps.service-connection-string");
		client = clients.client(connectionString, emulator.endpoint());
	}

	@AfterAll
	static void stop() {
		clients.close();
		emulator.close();
	}

	/** A key as DPS makes them: 64 random bytes, base64. */
	private static String newKey() {
		byte[] key = new byte[64];
		RANDOM.nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	@Test
	void anEnrollmentWithChosenKeysIsCreatedReadWithoutThemAndItsKeysComeBackThroughItsAttestationMechanism() {
		String primary = newKey();
		String secondary = newKey();

		IndividualEnrollment created = client
			.createOrUpdate(IndividualEnrollment.withSymmetricKeys("cross-0001", primary, secondary));
		IndividualEnrollment read = client.get("cross-0001").orElseThrow();
		AttestationMechanism keys = client.attestationMechanism("cross-0001");

		assertThat(created.registrationId()).isEqualTo("cross-0001");
		assertThat(created.etag()).isNotBlank();
		assertThat(read.provisioningStatus()).isEqualTo("enabled");
		assertThat(read.attestation().symmetricKey().primaryKey()).isNull();
		assertThat(keys.symmetricKey().primaryKey()).isEqualTo(primary);
		assertThat(keys.symmetricKey().secondaryKey()).isEqualTo(secondary);
		assertThat(client.delete("cross-0001")).isTrue();
		assertThat(client.get("cross-0001")).isEmpty();
		assertThat(client.delete("cross-0001")).isFalse();
	}

	@Test
	void keysLeftOutAreGeneratedByTheEmulatorAndReturnedByTheCreate() {
		IndividualEnrollment created = client
			.createOrUpdate(IndividualEnrollment.withSymmetricKeys("cross-0002", null, null));

		assertThat(created.attestation().symmetricKey().primaryKey()).isNotBlank();
		assertThat(client.attestationMechanism("cross-0002").symmetricKey())
			.isEqualTo(created.attestation().symmetricKey());
	}

	@Test
	void aBulkCreateOfTenSucceedsAndItsRepeatNamesEachEnrollmentThatExists() {
		List<IndividualEnrollment> ten = IntStream.range(0, 10)
			.mapToObj((i) -> IndividualEnrollment.withSymmetricKeys("bulk-%02d".formatted(i), newKey(), newKey()))
			.toList();

		BulkResult first = client.bulk(BulkMode.CREATE, ten);
		BulkResult again = client.bulk(BulkMode.CREATE, ten);

		assertThat(first.successful()).isTrue();
		assertThat(again.successful()).isFalse();
		assertThat(again.errorsByRegistrationId()).hasSize(10);
		assertThat(again.errorFor("bulk-03"))
			.hasValueSatisfying((error) -> assertThat(error.httpStatus()).isEqualTo(409));
		assertThatIllegalArgumentException().isThrownBy(() -> client.bulk(BulkMode.CREATE,
				IntStream.range(0, 11)
					.mapToObj((i) -> IndividualEnrollment.withSymmetricKeys("eleven-" + i, null, null))
					.toList()));
	}

	@Test
	void aQueryFollowsTheContinuationAcrossPages() {
		List<IndividualEnrollment> seven = IntStream.range(0, 7)
			.mapToObj((i) -> IndividualEnrollment.withSymmetricKeys("paged-%02d".formatted(i), newKey(), newKey()))
			.toList();
		assertThat(client.bulk(BulkMode.CREATE, seven).successful()).isTrue();

		List<String> ids = client.query("SELECT * FROM enrollments", 2)
			.map(IndividualEnrollment::registrationId)
			.filter((id) -> id.startsWith("paged-"))
			.toList();

		assertThat(ids)
			.containsExactlyInAnyOrderElementsOf(seven.stream().map(IndividualEnrollment::registrationId).toList());
	}

	@Test
	void theGroupIsReadEnabledAndItsKeyMatchesTheEmulatorsGroupKey() {
		String group = emulator.enrollments().get(0).enrollmentGroupId();

		assertThat(client.enrollmentGroup(group)).hasValueSatisfying((found) -> assertThat(found.enabled()).isTrue());
		assertThat(client.enrollmentGroupAttestationMechanism(group)
			.symmetricKey()
			.holds(GroupKey.fromBase64(emulator.groupKey()))).isTrue();
		assertThat(client.enrollmentGroup("no-such-group")).isEmpty();
	}

	@Test
	void aDeviceThatNeverRegisteredHasNoRegistrationRecordToReadOrDelete() {
		assertThat(client.registration("never-registered")).isEmpty();
		assertThat(client.deleteRegistration("never-registered")).isFalse();
	}

}
