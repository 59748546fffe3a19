package io.dpsbatch.emulator;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.dpsbatch.keys.DeviceKey;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.keys.IndividualKeys;
import io.dpsbatch.keys.IndividualKeysFile;
import io.dpsbatch.keys.KeysFileException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The emulator with several enrollments ({@code emulator.enrollments.*}): other groups,
 * individual enrollments and other DPS instances, each instance with its own quota,
 * driven over HTTPS like devices would.
 */
class EmulatorEnrollmentsTests {

	private static final String DEFAULT_SCOPE = EmulatorProperties.DEFAULT_ID_SCOPE;

	@TempDir
	static Path sharedStateDir;

	@TempDir
	Path dir;

	private final List<DpsEmulator> started = new ArrayList<>();

	@AfterEach
	void closeEmulators() {
		this.started.forEach(DpsEmulator::close);
	}

	private DpsEmulator start(String... properties) {
		return start(sharedStateDir, properties);
	}

	private DpsEmulator start(Path stateDir, String... properties) {
		DpsEmulator emulator = DpsEmulator.start(EmulatorClient.quickProperties(stateDir, properties),
				Clock.systemUTC());
		this.started.add(emulator);
		return emulator;
	}

	private static String key(int seed) {
		byte[] key = new byte[32];
		Arrays.fill(key, (byte) seed);
		return Base64.getEncoder().encodeToString(key);
	}

	private static DeviceKey derived(String groupKey, String registrationId) {
		return GroupKey.fromBase64(groupKey).deriveDeviceKey(registrationId);
	}

	private static DeviceKey own(String base64) {
		return DeviceKey.fromBase64(base64, "test key");
	}

	private Path keysFile(String content) throws Exception {
		Path file = this.dir.resolve("individual.csv");
		Files.writeString(file, content, StandardCharsets.US_ASCII);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		return file;
	}

	private static EmulatedEnrollment enrollment(DpsEmulator emulator, String name) {
		return emulator.enrollments().stream().filter((e) -> e.name().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void eachIdScopeIsAnInstanceWithItsOwnQuota() {
		DpsEmulator emulator = start("registrations-per-minute=60", "registration-burst=1", "assignment-delay=1m",
				"enrollments.eu.id-scope=0ne00EMU002", "enrollments.eu.group-key=" + key(2));
		EmulatorClient client = new EmulatorClient(emulator);
		DeviceKey defaultGroup = derived(emulator.groupKey(), "dev-1");

		assertThat(client.register(DEFAULT_SCOPE, "dev-1", defaultGroup).statusCode()).isEqualTo(202);
		assertThat(client.register(DEFAULT_SCOPE, "dev-2", derived(emulator.groupKey(), "dev-2")).statusCode())
			.as("the default instance's quota is used up")
			.isEqualTo(429);
		assertThat(client.register("0ne00EMU002", "dev-3", derived(key(2), "dev-3")).statusCode())
			.as("another instance has a quota of its own")
			.isEqualTo(202);
		assertThat(client.register("0ne00EMU002", "dev-4", derived(key(2), "dev-4")).statusCode()).isEqualTo(429);
		assertThat(client.register("0ne00EMU009", "dev-5", derived(key(2), "dev-5")).statusCode()).isEqualTo(404);

		EmulatorCounts counts = emulator.counts();
		assertThat(counts.instances()).containsOnlyKeys(DEFAULT_SCOPE, "0ne00EMU002");
		assertThat(counts.instances().get(DEFAULT_SCOPE)).isEqualTo(new EmulatorCounts.InstanceCounts(2, 1, 0, 1));
		assertThat(counts.instances().get("0ne00EMU002").registerCalls()).isEqualTo(2);
		assertThat(counts.instances().get("0ne00EMU002").throttled()).isEqualTo(1);
		assertThat(counts.registerCallsByDevice()).containsOnlyKeys("dev-1", "dev-3");
		assertThat(counts.toSummary()).contains("instance 0ne00EMU002: 2 register calls (1 throttled by its quota)");
	}

	@Test
	void aGroupOfAnInstanceIsOnlyThatInstancesAndTheRegistrationStateNamesIt() {
		DpsEmulator emulator = start("enrollments.eu.id-scope=0ne00EMU002", "enrollments.eu.group-key=" + key(2),
				"enrollments.line-b.group-key=" + key(3), "enrollments.line-b.enrollment-group-id=line-b-group");
		EmulatorClient client = new EmulatorClient(emulator);

		JsonNode lineB = client.registerAndAwait(DEFAULT_SCOPE, "dev-b1", derived(key(3), "dev-b1"));
		assertThat(lineB.get("registrationState").get("symmetricKey").get("enrollmentGroupId").stringValue())
			.isEqualTo("line-b-group");
		JsonNode defaultGroup = client.registerAndAwait(DEFAULT_SCOPE, "dev-d1",
				derived(emulator.groupKey(), "dev-d1"));
		assertThat(defaultGroup.get("registrationState").get("symmetricKey").get("enrollmentGroupId").stringValue())
			.isEqualTo("dps-batch-emulator-group");
		JsonNode eu = client.registerAndAwait("0ne00EMU002", "dev-e1", derived(key(2), "dev-e1"));
		assertThat(eu.get("registrationState").get("symmetricKey").get("enrollmentGroupId").stringValue())
			.isEqualTo("eu");
		assertThat(client.register("0ne00EMU002", "dev-e2", derived(key(3), "dev-e2")).statusCode())
			.as("line-b's key is no key of the other instance")
			.isEqualTo(401);
		assertThat(enrollment(emulator, "eu").idScope()).isEqualTo("0ne00EMU002");
		assertThat(enrollment(emulator, "line-b").groupKey()).isEqualTo(key(3));
		assertThat(emulator.enrollments()).extracting(EmulatedEnrollment::name).containsExactly("", "eu", "line-b");
		assertThat(emulator.enrollments().toString()).doesNotContain(key(2)).doesNotContain(key(3));
	}

	@Test
	void aNamedGroupsKeysNotConfiguredAreGeneratedOnceAndKept() {
		Path state = this.dir.resolve("state");
		DpsEmulator first = start(state, "enrollments.line-c.id-scope=0ne00EMU003");
		EmulatedEnrollment generated = enrollment(first, "line-c");
		first.close();
		DpsEmulator second = start(state, "enrollments.line-c.id-scope=0ne00EMU003");

		assertThat(Base64.getDecoder().decode(generated.groupKey())).hasSize(64);
		assertThat(generated.secondaryGroupKey()).isNotEqualTo(generated.groupKey());
		assertThat(enrollment(second, "line-c").groupKey()).isEqualTo(generated.groupKey());
		assertThat(generated.groupKey()).isNotEqualTo(second.groupKey());
		assertThat(new EmulatorClient(second)
			.register("0ne00EMU003", "dev-c1", derived(generated.secondaryGroupKey(), "dev-c1"))
			.statusCode()).isEqualTo(202);
	}

	@Test
	void aDeviceWithAnIndividualEnrollmentSignsWithItsOwnKeyAndNotWithAGroupsKey() throws Exception {
		Path file = keysFile("registrationId,primaryKey,secondaryKey\nsolo-1," + key(11) + "," + key(12) + "\nsolo-2,"
				+ key(13) + "\n");
		DpsEmulator emulator = start("enrollments.singles.individual-keys-file=" + file);
		EmulatorClient client = new EmulatorClient(emulator);

		JsonNode assigned = client.registerAndAwait(DEFAULT_SCOPE, "solo-1", own(key(11)));
		assertThat(assigned.get("status").stringValue()).isEqualTo("assigned");
		assertThat(assigned.get("registrationState").get("symmetricKey").has("enrollmentGroupId"))
			.as("no group: the device has an enrollment of its own")
			.isFalse();
		assertThat(client.register(DEFAULT_SCOPE, "SOLO-1", own(key(12))).statusCode())
			.as("the secondary key, and the ID without regard to case")
			.isEqualTo(202);
		assertThat(client.register(DEFAULT_SCOPE, "solo-2", derived(emulator.groupKey(), "solo-2")).statusCode())
			.as("DPS looks for an individual enrollment before the groups: a group key does not sign for it")
			.isEqualTo(401);
		assertThat(client.register(DEFAULT_SCOPE, "solo-2", own(key(11))).statusCode()).as("another device's key")
			.isEqualTo(401);
		assertThat(client.register(DEFAULT_SCOPE, "grouped-1", derived(emulator.groupKey(), "grouped-1")).statusCode())
			.as("a device without an individual enrollment is the groups'")
			.isEqualTo(202);
		EmulatedEnrollment singles = enrollment(emulator, "singles");
		assertThat(singles.isIndividual()).isTrue();
		assertThat(singles.individualEnrollments()).isEqualTo(2);
		assertThat(singles.groupKey()).isNull();
	}

	@Test
	void acceptKeysOfIndividualEnrollmentsRehearsesARotation() throws Exception {
		Path file = keysFile("solo-1," + key(11) + "," + key(12) + "\n");
		DpsEmulator emulator = start("enrollments.singles.individual-keys-file=" + file,
				"enrollments.singles.accept-keys=SECONDARY");
		EmulatorClient client = new EmulatorClient(emulator);

		assertThat(client.register(DEFAULT_SCOPE, "solo-1", own(key(11))).statusCode()).isEqualTo(401);
		assertThat(client.register(DEFAULT_SCOPE, "solo-1", own(key(12))).statusCode()).isEqualTo(202);
	}

	@Test
	void keysAreGeneratedForTheManifestsRowsOfTheEnrollmentAndKeptAcrossStarts() throws Exception {
		Path manifest = this.dir.resolve("mixed.csv");
		Files.writeString(manifest,
				"registrationId,enrollment,serial\nsolo-1,Singles,S1\ngrp-1,,S2\nsolo-2,singles,S3\n"
						+ "other-1,line-b,S4\nSOLO-1,singles,S5\n");
		Path file = this.dir.resolve("keys/singles.csv");
		String[] properties = { "enrollments.singles.individual-keys-file=" + file,
				"enrollments.singles.generate-keys-for=" + manifest, "enrollments.singles.id-scope=0ne00EMU004" };
		DpsEmulator emulator = start(properties);

		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		IndividualKeys solo1;
		try (IndividualKeysFile keys = IndividualKeysFile.open(file, "test")) {
			assertThat(keys.size()).isEqualTo(2);
			assertThat(keys.contains("grp-1")).isFalse();
			assertThat(keys.contains("other-1")).isFalse();
			solo1 = keys.find("solo-1").orElseThrow();
		}
		assertThat(new EmulatorClient(emulator).register("0ne00EMU004", "solo-1", solo1.primary()).statusCode())
			.isEqualTo(202);
		emulator.close();

		Files.writeString(manifest, "solo-3,singles,S6\n", java.nio.file.StandardOpenOption.APPEND);
		start(properties);
		try (IndividualKeysFile keys = IndividualKeysFile.open(file, "test")) {
			assertThat(keys.size()).isEqualTo(3);
			assertThat(keys.find("solo-1").orElseThrow().primary()).isEqualTo(solo1.primary());
			assertThat(keys.contains("solo-3")).isTrue();
		}
	}

	@Test
	void aKeysFileOpenToOthersStopsTheStart() throws Exception {
		Path file = keysFile("solo-1," + key(11) + "\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

		assertThatExceptionOfType(KeysFileException.class)
			.isThrownBy(() -> start("enrollments.singles.individual-keys-file=" + file))
			.withMessageContaining(
					"emulator.enrollments.singles.individual-keys-file " + file + " is open to other users");
	}

	@Test
	void contradictoryEnrollmentsAreRefusedAtBinding() {
		assertThatThrownBy(
				() -> start("enrollments.x.individual-keys-file=/k.csv", "enrollments.x.group-key=" + key(1)))
			.hasStackTraceContaining("emulator.enrollments.x has an individual-keys-file and group settings");
		assertThatThrownBy(() -> start("enrollments.x.generate-keys-for=/m.csv")).hasStackTraceContaining(
				"emulator.enrollments.x.generate-keys-for needs emulator.enrollments.x.individual-keys-file");
		assertThatThrownBy(() -> start("enrollments.x.id-scope=0ne/1"))
			.hasStackTraceContaining("emulator.enrollments.x.id-scope must be letters and digits");
	}

	@Test
	void withoutEnrollmentsTheEmulatorIsTheOneInstanceItWas() {
		DpsEmulator emulator = start();
		EmulatorClient client = new EmulatorClient(emulator);
		HttpResponse<String> registered = client.register("dev-1");

		assertThat(registered.statusCode()).isEqualTo(202);
		assertThat(emulator.enrollments()).hasSize(1);
		assertThat(emulator.counts().instances()).containsOnlyKeys(DEFAULT_SCOPE);
		assertThat(emulator.counts().toSummary()).doesNotContain("instance ");
	}

}
