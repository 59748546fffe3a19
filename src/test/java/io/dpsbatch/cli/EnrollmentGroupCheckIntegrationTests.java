package io.dpsbatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.dpsbatch.keys.GroupKey;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code provision --emulator --dps.enrollment-group-id=...}: the enrollment group is
 * checked through the emulator's service API before the first register call. The
 * emulator's groups are always enabled and always symmetric-key groups, so a disabled
 * group or another attestation cannot be rehearsed here (EnrollmentGroupCheck refuses
 * them by the same path as an unknown group).
 */
class EnrollmentGroupCheckIntegrationTests {

	private static final String GROUP = "dps-batch-emulator-group";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int DEVICES = 20;

	private final String primary = newKey();

	private final String secondary = newKey();

	@TempDir
	Path work;

	private CliRunner cli;

	private Path manifest;

	@BeforeEach
	void configure() throws IOException {
		this.cli = new CliRunner(this.work).with("--emulator.group-key=" + this.primary)
			.with("--emulator.secondary-group-key=" + this.secondary)
			.with("--emulator.assignment-delay=100ms")
			.with("--dps.enrollment-group-id=" + GROUP);
		this.manifest = TestManifests.devices(this.work.resolve("checked.csv"), "checked-dev", DEVICES);
	}

	@Test
	void aWrongGroupKeyIsRefusedWithExit64BeforeAnyRegisterCall() {
		CliRunner.Result result = this.cli.with("--dps.group-key=" + newKey())
			.run("provision", "--emulator", "--manifest", this.manifest.toString());

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("the key of dps.group-key (or -file; fingerprint sha256:")
			.contains("is neither the primary nor the secondary key of enrollment group '" + GROUP
					+ "' of the default enrollment in DPS");
		assertThat(result.out()).contains("Emulator: register calls: 0 (");
		assertThat(this.cli.outputOf("checked")).doesNotExist();
	}

	@Test
	void anUnknownGroupIdIsRefusedWithExit64BeforeAnyRegisterCall() {
		CliRunner.Result result = this.cli.with("--dps.enrollment-group-id=no-such-group")
			.run("provision", "--emulator", "--manifest", this.manifest.toString());

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("enrollment group 'no-such-group' of the default enrollment does not exist")
			.contains("set dps.enrollment-group-id");
		assertThat(result.out()).contains("Emulator: register calls: 0 (");
	}

	@Test
	void theDryRunChecksTheGroupAndSaysSo() {
		CliRunner.Result result = this.cli.with("--dps.group-key=" + this.secondary)
			.run("provision", "--dry-run", "--emulator", "--manifest", this.manifest.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out())
			.contains("Checked through the DPS service API (read calls only): enrollment group '" + GROUP
					+ "' of the default enrollment: exists, enabled, symmetric keys; the configured group key is its "
					+ "secondary key")
			.contains("Emulator: register calls: 0 (");
	}

	@Test
	void withTheKeyLeftOutEveryDeviceIsProvisionedAndTheKeyReadFromDpsIsInNoLogOutputOrStore() throws Exception {
		CliRunner talkative = this.cli.with("--logging.level.io.dpsbatch=TRACE")
			.with("--logging.level.org.springframework.batch=DEBUG")
			.with("--logging.level.org.springframework.jdbc.core=TRACE");
		StringBuilder seen = new StringBuilder();
		CliRunner.Result first;
		try (ConsoleCapture console = ConsoleCapture.start()) {
			first = talkative.run("provision", "--emulator", "--manifest", this.manifest.toString());
			// the key read again, then the same key configured: the batch's fingerprint
			// matches both
			CliRunner.Result again = talkative.run("provision", "--emulator", "--manifest", this.manifest.toString());
			CliRunner.Result configured = talkative.with("--dps.group-key=" + this.primary)
				.run("provision", "--emulator", "--manifest", this.manifest.toString());
			for (CliRunner.Result result : List.of(first, again, configured)) {
				assertThat(result.exitCode()).as(result.toString()).isZero();
				seen.append(result.out()).append(result.err());
			}
			assertThat(again.out()).contains("finished");
			seen.append(console.text());
		}
		assertThat(first.out())
			.contains("(devices registered: " + DEVICES + ", more than once: 0, assigned: " + DEVICES + ")")
			.contains("service API: 2 calls");
		List<CSVRecord> credentials = ProvisionCommandIntegrationTests
			.csv(this.cli.outputOf("checked").resolve("credentials.csv"));
		assertThat(credentials).hasSize(DEVICES)
			.allSatisfy((device) -> assertThat(device.get("deviceKey"))
				.isEqualTo(GroupKey.fromBase64(this.primary).deriveDeviceKey(device.get("registrationId")).toBase64()));

		Map<String, byte[]> secrets = new LinkedHashMap<>();
		SecretsIntegrationTests.addEncodings(secrets, "primary group key", this.primary);
		SecretsIntegrationTests.addEncodings(secrets, "secondary group key", this.secondary);
		assertThat(seen).as("the logs were captured").contains("Checked through the DPS service API");
		assertThat(SecretsIntegrationTests.find(secrets, seen.toString().getBytes(StandardCharsets.UTF_8)))
			.as("console and logs")
			.isEmpty();
		Path credentialsFile = this.cli.outputOf("checked").resolve("credentials.csv");
		try (Stream<Path> walk = Stream.concat(Files.walk(this.work.resolve("out")),
				Files.walk(this.work.resolve("data")))) {
			for (Path file : walk.filter(Files::isRegularFile)
				.filter((file) -> !file.equals(credentialsFile))
				.toList()) {
				assertThat(SecretsIntegrationTests.find(secrets, Files.readAllBytes(file))).as(file.toString())
					.isEmpty();
			}
		}
		assertThat(SecretsIntegrationTests.scanDatabase(this.work, secrets, new LinkedHashMap<>())).as("database rows")
			.isEmpty();
	}

	/** A key as DPS makes them: 64 random bytes, base64. */
	private static String newKey() {
		byte[] key = new byte[64];
		RANDOM.nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
