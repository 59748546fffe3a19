package io.dpsbatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatedEnrollment;
import io.dpsbatch.emulator.EmulatorCounts;
import io.dpsbatch.emulator.EmulatorProperties;
import io.dpsbatch.keys.GroupKey;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One manifest, several enrollments, end to end against an emulator that serves them: the
 * default group and a second group in one instance, a group in a second instance, and
 * individual enrollments whose keys the emulator generated for the manifest. Every key is
 * verified by the emulator (no 401), each device lands in its enrollment's instance, and
 * the rows that cannot be registered are rejected before any call.
 */
class MixedManifestIntegrationTests {

	static final String SCOPE_B = "0ne00EMU0B2";

	/**
	 * Rows per enrollment (the individual set has one more row, whose device has no key).
	 */
	static final int EACH = 6;

	@TempDir
	Path work;

	private DpsEmulator emulator;

	private CliRunner cli;

	private Path manifest;

	private Path keysFile;

	@BeforeEach
	void start() throws IOException {
		this.manifest = mixedManifest(this.work.resolve("mixed.csv"));
		// the individual enrollments exist in DPS for the devices listed here, not for
		// mix-own-missing
		Path enrolled = Files.writeString(this.work.resolve("enrolled.csv"), "registrationId,enrollment\n"
				+ String.join("\n", ids("mix-own", EACH).stream().map((id) -> id + ",singles").toList()) + "\n");
		this.keysFile = this.work.resolve("singles-keys.csv");
		Map<String, String> settings = new LinkedHashMap<>(CliRunner.emulatorSettings(this.work.resolve("emulator")));
		settings.put("emulator.enrollments.line-a.enrollment-group-id", "line-a-group");
		settings.put("emulator.enrollments.line-b.id-scope", SCOPE_B);
		settings.put("emulator.enrollments.singles.individual-keys-file", this.keysFile.toString());
		settings.put("emulator.enrollments.singles.generate-keys-for", enrolled.toString());
		this.emulator = DpsEmulator.start(EmulatorProperties.bind(settings), Clock.systemUTC());
		this.cli = new CliRunner(this.work).against(this.emulator)
			.with("--dps.enrollments.line-a.group-key=" + served("line-a").groupKey())
			.with("--dps.enrollments.line-b.id-scope=" + SCOPE_B)
			.with("--dps.enrollments.line-b.group-key=" + served("line-b").groupKey())
			.with("--dps.enrollments.singles.individual-keys-file=" + this.keysFile);
	}

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	@Test
	void everyDeviceIsRegisteredThroughItsEnrollmentAndTheOthersAreRejectedBeforeAnyCall() throws IOException {
		CliRunner.Result result;
		String log;
		try (ConsoleCapture console = ConsoleCapture.start()) {
			result = this.cli.run("provision", "--manifest", this.manifest.toString());
			log = console.text();
		}

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		EmulatorCounts counts = this.emulator.counts();
		// every token verified by the emulator: each device signed with its enrollment's
		// key, in its instance
		assertThat(counts.unauthorized()).isZero();
		assertThat(counts.registerCallsByDevice()).hasSize(4 * EACH)
			.allSatisfy((id, calls) -> assertThat(calls).isOne());
		assertThat(counts.instances().get(SCOPE_B).registerCalls()).isEqualTo(EACH);
		assertThat(counts.instances().get(this.emulator.idScope()).registerCalls()).isEqualTo(3 * EACH);

		Path out = this.cli.outputOf("mixed");
		List<CSVRecord> rejects = ProvisionCommandIntegrationTests.csv(out.resolve("rejects.csv"));
		assertThat(rejects).extracting((row) -> row.get("registrationId") + ": " + row.get("reason"))
			.containsExactly("mix-nope-0: enrollment 'Nope' is not configured (configured: line-a, line-b, singles)",
					"mix-own-missing: no key for device 'mix-own-missing' in the individual keys file of enrollment "
							+ "'singles' (" + this.keysFile + ")");

		Map<String, String> ownKeys = primaryKeys(this.keysFile);
		List<CSVRecord> credentials = ProvisionCommandIntegrationTests.csv(out.resolve("credentials.csv"));
		assertThat(credentials).hasSize(4 * EACH);
		for (CSVRecord device : credentials) {
			String id = device.get("registrationId");
			String expectedKey;
			String expectedScope = this.emulator.idScope();
			if (id.startsWith("mix-own")) {
				// an individual enrollment's own key, as DPS generated it: nothing
				// derived
				expectedKey = ownKeys.get(id);
			}
			else if (id.startsWith("mix-b")) {
				expectedKey = derived(served("line-b").groupKey(), id);
				expectedScope = SCOPE_B;
			}
			else if (id.startsWith("mix-a")) {
				expectedKey = derived(served("line-a").groupKey(), id);
			}
			else {
				expectedKey = derived(this.emulator.groupKey(), id);
			}
			assertThat(device.get("deviceKey")).as(id).isEqualTo(expectedKey);
			assertThat(device.get("idScope")).as(id).isEqualTo(expectedScope);
			// the enrollment column is not an attribute
			assertThat(device.isMapped("enrollment")).isFalse();
		}

		JsonNode enrollments = JsonMapper.builder()
			.build()
			.readTree(out.resolve("summary.json").toFile())
			.get("enrollments");
		assertThat(enrollments.get("(default)").get("assigned").asLong()).isEqualTo(EACH);
		assertThat(enrollments.get("line-a").get("assigned").asLong()).isEqualTo(EACH);
		assertThat(enrollments.get("line-b").get("assigned").asLong()).isEqualTo(EACH);
		assertThat(enrollments.get("line-b").get("idScope").asString()).isEqualTo(SCOPE_B);
		assertThat(enrollments.get("singles").get("assigned").asLong()).isEqualTo(EACH);
		assertThat(enrollments.get("singles").get("kind").asString()).isEqualTo("individual");
		assertThat(enrollments.get("singles").get("rejected").asLong()).isOne();
		assertThat(enrollments.get("nope").get("rejected").asLong()).isOne();
		assertThat(enrollments.get("line-b").get("registerCalls").asLong()).isEqualTo(EACH);

		// each instance's own figures, in the run's log
		assertThat(log)
			.contains(
					"DPS instance localhost/" + SCOPE_B.toLowerCase() + ": " + EACH + " register calls, 0 answered 429")
			.contains("DPS instance localhost/" + this.emulator.idScope().toLowerCase() + ": " + 3 * EACH
					+ " register calls, 0 answered 429");
		CliRunner.Result status = this.cli.run("status", "--batch", "mixed");
		assertThat(status.out()).contains("line-b").contains("singles");
	}

	@Test
	void aDryRunChoosesEveryRowsEnrollmentAndReadsEveryKeyWithoutCallingDps() {
		CliRunner.Result result = this.cli.run("provision", "--manifest", this.manifest.toString(), "--dry-run");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		assertThat(result.out()).contains("mix-nope-0: enrollment 'Nope' is not configured")
			.contains("mix-own-missing: no key for device 'mix-own-missing'")
			.contains(4 * EACH + " valid")
			.contains("enrollment singles: " + EACH + " device(s)")
			.contains("enrollment line-b: " + EACH + " device(s)");
		assertThat(this.emulator.counts().registerCalls()).isZero();
		assertThat(this.emulator.counts().lookupCalls()).isZero();
	}

	@Test
	void aGroupKeyDpsRefusesStopsOnlyItsEnrollmentsDevices() throws IOException {
		String wrong = GroupKey.fromBase64(this.emulator.groupKey()).deriveDeviceKey("not line-b's key").toBase64();
		CliRunner.Result result = this.cli.with("--dps.enrollments.line-b.group-key=" + wrong)
			.run("provision", "--manifest", this.manifest.toString());

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(result.err()).contains("enrollment 'line-b'").doesNotContain(wrong);
		// the other enrollments' devices were all registered; line-b's were not given a
		// final status
		assertThat(this.emulator.counts().registerCallsByDevice().keySet()).filteredOn((id) -> !id.startsWith("mix-b"))
			.hasSize(3 * EACH);
		CliRunner.Result resumed = this.cli.with("--dps.enrollments.line-b.group-key=" + served("line-b").groupKey())
			.run("provision", "--manifest", this.manifest.toString());
		assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		assertThat(ProvisionCommandIntegrationTests.csv(this.cli.outputOf("mixed").resolve("credentials.csv")))
			.hasSize(4 * EACH);
	}

	@Test
	void withEmulatorEachConfiguredEnrollmentIsTheEmulatorsOfTheSameName() throws IOException {
		Path elsewhere = Files.createDirectories(this.work.resolve("embedded"));
		CliRunner embedded = new CliRunner(elsewhere).with("--emulator.assignment-delay=100ms")
			.with("--emulator.registrations-per-minute=0")
			.with("--emulator.enrollments.line-a.enrollment-group-id=line-a-group")
			.with("--emulator.enrollments.line-b.id-scope=0ne00EMU0B3")
			.with("--emulator.enrollments.singles.individual-keys-file=" + elsewhere.resolve("singles-keys.csv"))
			.with("--emulator.enrollments.singles.generate-keys-for=" + this.manifest)
			// what the configuration says of them is replaced by the emulator's ID scopes
			// and keys
			.with("--dps.enrollments.line-a.group-key-file=/run/secrets/line-a")
			.with("--dps.enrollments.LINE-B.id-scope=0ne00REAL00")
			.with("--dps.enrollments.singles.individual-keys-file=/etc/dps-batch/singles.csv");

		CliRunner.Result result = embedded.run("provision", "--emulator", "--manifest", this.manifest.toString());

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		List<CSVRecord> credentials = ProvisionCommandIntegrationTests
			.csv(embedded.outputOf("mixed").resolve("credentials.csv"));
		// the emulator generated a key for every "singles" row of the manifest,
		// mix-own-missing's too
		assertThat(credentials).hasSize(4 * EACH + 1);
		assertThat(credentials).filteredOn((row) -> row.get("registrationId").startsWith("mix-b"))
			.hasSize(EACH)
			.allSatisfy((row) -> assertThat(row.get("idScope")).isEqualTo("0ne00EMU0B3"));
		assertThat(ProvisionCommandIntegrationTests.csv(embedded.outputOf("mixed").resolve("rejects.csv")))
			.extracting((row) -> row.get("registrationId"))
			.containsExactly("mix-nope-0");

		CliRunner.Result unserved = embedded.with("--dps.enrollments.line-z.group-key-file=/run/secrets/line-z")
			.run("provision", "--emulator", "--manifest", this.manifest.toString(), "--batch", "other");
		assertThat(unserved.exitCode()).as(unserved.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(unserved.err()).contains("dps.enrollments.line-z is not served by the emulator")
			.contains("add emulator.enrollments.line-z");
	}

	// --- helpers ---

	/**
	 * EACH rows per enrollment (the default one by an empty cell), a row naming no
	 * configured enrollment, and an individual enrollment's device that has no key.
	 */
	static Path mixedManifest(Path file) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("registrationId,enrollment,serialNumber");
		ids("mix-def", EACH).forEach((id) -> lines.add(id + ",,SN-" + id));
		ids("mix-a", EACH).forEach((id) -> lines.add(id + ",line-a,SN-" + id));
		ids("mix-b", EACH).forEach((id) -> lines.add(id + ", LINE-B ,SN-" + id));
		ids("mix-own", EACH).forEach((id) -> lines.add(id + ",Singles,SN-" + id));
		lines.add("mix-nope-0,Nope,SN-nope");
		lines.add("mix-own-missing,singles,SN-missing");
		return Files.write(file, lines, StandardCharsets.UTF_8);
	}

	static List<String> ids(String prefix, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(prefix + "-" + i);
		}
		return ids;
	}

	private EmulatedEnrollment served(String name) {
		return this.emulator.enrollments().stream().filter((e) -> e.name().equals(name)).findFirst().orElseThrow();
	}

	static Map<String, String> primaryKeys(Path keysFile) throws IOException {
		Map<String, String> keys = new LinkedHashMap<>();
		for (String line : Files.readAllLines(keysFile, StandardCharsets.US_ASCII)) {
			String[] cells = line.split(",");
			if (cells.length >= 2 && !cells[0].strip().equalsIgnoreCase("registrationId") && !cells[0].isBlank()) {
				keys.put(cells[0].strip(), cells[1].strip());
			}
		}
		return keys;
	}

	private static String derived(String groupKey, String registrationId) {
		return GroupKey.fromBase64(groupKey).deriveDeviceKey(registrationId).toBase64();
	}

}
