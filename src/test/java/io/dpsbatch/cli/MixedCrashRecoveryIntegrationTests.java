package io.dpsbatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatedEnrollment;
import io.dpsbatch.emulator.EmulatorProperties;
import io.dpsbatch.keys.GroupKey;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mixed batch (the default group, a group in a second DPS instance, individual
 * enrollments) outlives the process that runs it: killed with SIGKILL while registering,
 * the same command finishes it with every device registered once, with its enrollment's
 * key in its instance. Then no key (group keys, derived keys, individual enrollments' own
 * keys) is anywhere but credentials.csv: not in the runs' output and logs, the other
 * files or the results store.
 */
class MixedCrashRecoveryIntegrationTests {

	private static final Duration LIMIT = Duration.ofSeconds(120);

	private static final int EACH = 500;

	private static final String SCOPE_B = "0ne00EMU0C2";

	@TempDir
	Path work;

	private DpsEmulator emulator;

	private CliRunner cli;

	private Path keysFile;

	private Path manifest;

	@BeforeEach
	void start() throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("registrationId,enrollment,serialNumber");
		for (int i = 0; i < EACH; i++) {
			lines.add(String.format("crash-def-%04d,,SN-%d", i, i));
			lines.add(String.format("crash-b-%04d,line-b,SN-%d", i, i));
			lines.add(String.format("crash-own-%04d,singles,SN-%d", i, i));
		}
		this.manifest = Files.write(this.work.resolve("mixed.csv"), lines, StandardCharsets.UTF_8);
		this.keysFile = this.work.resolve("singles-keys.csv");
		Map<String, String> settings = new LinkedHashMap<>(CliRunner.emulatorSettings(this.work.resolve("emulator")));
		settings.put("emulator.enrollments.line-b.id-scope", SCOPE_B);
		settings.put("emulator.enrollments.singles.individual-keys-file", this.keysFile.toString());
		settings.put("emulator.enrollments.singles.generate-keys-for", this.manifest.toString());
		this.emulator = DpsEmulator.start(EmulatorProperties.bind(settings), Clock.systemUTC());
		this.cli = new CliRunner(this.work).against(this.emulator)
			.with("--dps.enrollments.line-b.id-scope=" + SCOPE_B)
			.with("--dps.enrollments.line-b.group-key=" + lineB().groupKey())
			.with("--dps.enrollments.singles.individual-keys-file=" + this.keysFile);
	}

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	@Test
	void killedWhileRegisteringTheBatchResumesRegistersEveryDeviceOnceAndNoKeyLeaksAnywhere() throws Exception {
		String[] provision = { "provision", "--manifest", this.manifest.toString() };
		StringBuilder seen = new StringBuilder();
		try (JarProcess run = this.cli.start(provision)) {
			run.await(() -> this.emulator.counts().registerCalls() >= EACH, LIMIT);
			assertThat(run.kill()).as("SIGKILL\n" + run).isEqualTo(JarProcess.KILLED);
			seen.append(run.out()).append(run.err());
		}
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSizeLessThan(3 * EACH);
		boolean finished = false;
		for (int attempt = 0; attempt < 3 && !finished; attempt++) {
			try (JarProcess run = this.cli.start(provision)) {
				finished = run.awaitExit(LIMIT) == ExitCodes.OK;
				seen.append(run.out()).append(run.err());
			}
		}
		assertThat(finished).as(seen.toString()).isTrue();
		CliRunner.Result exported = this.cli.run("export", "--batch", "mixed");
		CliRunner.Result status = this.cli.run("status", "--batch", "mixed");
		assertThat(exported.exitCode()).as(exported.toString()).isZero();
		seen.append(exported.out()).append(exported.err()).append(status.out()).append(status.err());
		assertThat(status.out()).contains("line-b").contains("singles");

		// every device once, with the key of its enrollment, in its instance; every token
		// verified
		assertThat(this.emulator.counts().unauthorized()).isZero();
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSize(3 * EACH)
			.allSatisfy((id, calls) -> assertThat(calls).as(id).isOne());
		Map<String, String> ownKeys = MixedManifestIntegrationTests.primaryKeys(this.keysFile);
		Path credentials = this.cli.outputOf("mixed").resolve("credentials.csv");
		List<CSVRecord> rows = ProvisionCommandIntegrationTests.csv(credentials);
		assertThat(rows).hasSize(3 * EACH);
		assertThat(rows.stream().map((row) -> row.get("registrationId")).distinct()).hasSize(3 * EACH);
		for (CSVRecord row : rows) {
			String id = row.get("registrationId");
			if (id.startsWith("crash-own")) {
				assertThat(row.get("deviceKey")).as(id).isEqualTo(ownKeys.get(id));
				assertThat(row.get("idScope")).isEqualTo(this.emulator.idScope());
			}
			else if (id.startsWith("crash-b")) {
				assertThat(row.get("deviceKey")).as(id).isEqualTo(derived(lineB().groupKey(), id));
				assertThat(row.get("idScope")).isEqualTo(SCOPE_B);
			}
			else {
				assertThat(row.get("deviceKey")).as(id).isEqualTo(derived(this.emulator.groupKey(), id));
				assertThat(row.get("idScope")).isEqualTo(this.emulator.idScope());
			}
		}

		Map<String, byte[]> secrets = secrets();
		assertThat(SecretsIntegrationTests.find(secrets, Files.readAllBytes(credentials)))
			.as("the search finds keys where they are")
			.hasSize(3 * EACH);
		assertThat(SecretsIntegrationTests.find(secrets, seen.toString().getBytes(StandardCharsets.UTF_8)))
			.as("the runs' output and logs")
			.isEmpty();
		List<Path> files;
		try (Stream<Path> walk = Stream.concat(Files.walk(this.work.resolve("out")),
				Files.walk(this.work.resolve("data")))) {
			files = walk.filter(Files::isRegularFile).filter((file) -> !file.equals(credentials)).toList();
		}
		assertThat(files).extracting((file) -> file.getFileName().toString())
			.contains("rejects.csv", "summary.json", "dps-batch.mv.db");
		for (Path file : files) {
			assertThat(SecretsIntegrationTests.find(secrets, Files.readAllBytes(file))).as(file.toString()).isEmpty();
		}
		Map<String, List<String>> rowsByTable = new LinkedHashMap<>();
		assertThat(SecretsIntegrationTests.scanDatabase(this.work, secrets, rowsByTable)).as("database rows").isEmpty();
		assertThat(rowsByTable).containsKeys("DPSB_DEVICE", "DPSB_BATCH_ENROLLMENT", "BATCH_JOB_EXECUTION_PARAMS",
				"BATCH_STEP_EXECUTION_CONTEXT");
	}

	/**
	 * Every group key (primary and secondary), every key derived from one, every
	 * individual enrollment's keys.
	 */
	private Map<String, byte[]> secrets() throws IOException {
		Map<String, byte[]> secrets = new LinkedHashMap<>();
		for (EmulatedEnrollment enrollment : this.emulator.enrollments()) {
			if (enrollment.isIndividual()) {
				continue;
			}
			String prefix = enrollment.name().isEmpty() ? "crash-def" : "crash-b";
			for (String groupKey : List.of(enrollment.groupKey(), enrollment.secondaryGroupKey())) {
				String which = groupKey.equals(enrollment.groupKey()) ? " (primary)" : " (secondary)";
				SecretsIntegrationTests.addEncodings(secrets, "group key of '" + enrollment.name() + "'" + which,
						groupKey);
				for (int i = 0; i < EACH; i++) {
					String id = String.format("%s-%04d", prefix, i);
					SecretsIntegrationTests.addEncodings(secrets, "derived key of " + id + which,
							derived(groupKey, id));
				}
			}
		}
		for (String line : Files.readAllLines(this.keysFile, StandardCharsets.US_ASCII)) {
			String[] cells = line.split(",");
			if (cells.length >= 2 && !cells[0].equalsIgnoreCase("registrationId")) {
				for (int i = 1; i < cells.length; i++) {
					SecretsIntegrationTests.addEncodings(secrets, "own key " + i + " of " + cells[0], cells[i].strip());
				}
			}
		}
		assertThat(secrets).hasSizeGreaterThan(3 * 3 * EACH);
		return secrets;
	}

	private EmulatedEnrollment lineB() {
		return this.emulator.enrollments().stream().filter((e) -> e.name().equals("line-b")).findFirst().orElseThrow();
	}

	private static String derived(String groupKey, String registrationId) {
		return GroupKey.fromBase64(groupKey).deriveDeviceKey(registrationId).toBase64();
	}

}
