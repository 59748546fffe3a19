package io.dpsbatch.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorCounts;
import io.dpsbatch.emulator.WithEmulator;
import io.dpsbatch.keys.GroupKey;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole runs of {@code provision} through the command line, against the embedded emulator
 * (which verifies every SAS signature and counts what it was sent), on an H2 file store.
 */
@WithEmulator
class ProvisionCommandIntegrationTests {

	@TempDir
	Path work;

	private DpsEmulator emulator;

	private CliRunner cli;

	@BeforeEach
	void startEmulator(DpsEmulator emulator) {
		this.emulator = emulator;
		this.cli = new CliRunner(this.work).against(this.emulator);
	}

	@Test
	void everyDeviceOfTheSampleManifestIsAssignedOnceWithAKeyTheEmulatorAccepts() throws IOException {
		CliRunner.Result result = this.cli.run("provision", "--manifest", "sample-data/devices.csv");
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("Batch devices finished").contains("assigned             60");

		List<CSVRecord> credentials = csv(this.cli.outputOf("devices").resolve("credentials.csv"));
		List<CSVRecord> manifest = csv(Path.of("sample-data/devices.csv"));
		assertThat(credentials).hasSize(60);
		GroupKey groupKey = GroupKey.fromBase64(this.emulator.groupKey());
		for (int i = 0; i < manifest.size(); i++) {
			CSVRecord device = credentials.get(i);
			CSVRecord row = manifest.get(i);
			assertThat(device.get("registrationId")).isEqualTo(row.get("registrationId"));
			assertThat(device.get("deviceId")).isEqualTo(row.get("registrationId"));
			assertThat(device.get("assignedHub")).endsWith(".azure-devices.net");
			assertThat(device.get("idScope")).isEqualTo(this.emulator.idScope());
			assertThat(device.get("deviceKey"))
				.isEqualTo(groupKey.deriveDeviceKey(row.get("registrationId")).toBase64());
			assertThat(device.get("substatus")).isEqualTo("initialAssignment");
			for (String attribute : List.of("serialNumber", "macAddress", "line", "station")) {
				assertThat(device.get(attribute)).isEqualTo(row.get(attribute));
			}
		}
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.registerCalls()).isEqualTo(60);
		assertThat(counts.registerCallsByDevice()).hasSize(60)
			.allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
		assertThat(counts.unauthorized()).isZero();
		assertThat(csv(this.cli.outputOf("devices").resolve("failures.csv"))).isEmpty();
		assertThat(csv(this.cli.outputOf("devices").resolve("rejects.csv"))).isEmpty();
		JsonNode summary = JsonMapper.builder()
			.build()
			.readTree(this.cli.outputOf("devices").resolve("summary.json").toFile());
		assertThat(summary.get("outcomes").get("assigned").asLong()).isEqualTo(60);
		assertThat(summary.get("registrationsSent").asLong()).isEqualTo(60);
		assertThat(summary.get("complete").asBoolean()).isTrue();
	}

	@Test
	void badRowsAreRejectedWhileGoodRowsRegister() throws IOException {
		CliRunner.Result result = this.cli.run("provision", "--manifest", "sample-data/devices-with-mistakes.csv",
				"--batch", "mistakes");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		List<CSVRecord> rejects = csv(this.cli.outputOf("mistakes").resolve("rejects.csv"));
		List<CSVRecord> credentials = csv(this.cli.outputOf("mistakes").resolve("credentials.csv"));
		assertThat(rejects).hasSize(10);
		assertThat(credentials).hasSize(10);
		Map<String, String> reasonByLine = new HashMap<>();
		rejects.forEach((r) -> reasonByLine.put(r.get("line"), r.get("reason")));
		assertThat(reasonByLine.get("4")).contains("duplicate of the device on line 2");
		assertThat(reasonByLine.get("5")).contains("duplicate of the device on line 3");
		assertThat(reasonByLine.get("7")).contains("space");
		assertThat(reasonByLine.get("10")).contains("last character");
		assertThat(reasonByLine.get("11")).contains("JSON object");
		assertThat(this.emulator.counts().registerCalls()).isEqualTo(10);
		assertThat(this.emulator.counts().badRequests()).isZero();
	}

	@Test
	void aRunCutOffFromDpsMidwayResumesWithoutRegisteringAnyDeviceTwice() throws Exception {
		Path manifest = CliRunner.fleetManifest(this.work, 400);
		CliRunner limited = this.cli.with("--dps.max-in-flight=40").with("--dps.max-attempts=2");
		CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.emulator.counts().registerCalls() >= 150);
			this.emulator.suspend();
		});
		CliRunner.Result first = limited.run("provision", "--manifest", manifest.toString());
		outage.get(60, TimeUnit.SECONDS);
		assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(first.err()).contains("run the same command again to resume");
		long registeredBeforeOutage = this.emulator.counts().registerCalls();
		assertThat(registeredBeforeOutage).isBetween(150L, 399L);

		this.emulator.resume();
		CliRunner.Result second = limited.run("provision", "--manifest", manifest.toString());
		assertThat(second.exitCode()).as(second.toString()).isZero();

		List<CSVRecord> credentials = csv(this.cli.outputOf("fleet").resolve("credentials.csv"));
		assertThat(credentials).hasSize(400);
		assertThat(credentials.stream().map((r) -> r.get("registrationId")).distinct()).hasSize(400);
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.registerCallsByDevice()).hasSize(400)
			.allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
		assertThat(counts.devicesRegisteredMoreThanOnce()).isZero();
		assertThat(counts.lookupCalls()).isPositive();
	}

	@Test
	void aFinishedBatchIsNotRunAgain() {
		assertThat(this.cli.run("provision", "--manifest", "sample-data/devices.csv").exitCode()).isZero();
		CliRunner.Result again = this.cli.run("provision", "--manifest", "sample-data/devices.csv");
		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.out()).contains("already finished").contains("nothing was changed");
		assertThat(this.emulator.counts().registerCalls()).isEqualTo(60);
	}

	@Test
	void aManifestWithoutRegistrationIdIsAUsageErrorAndNothingIsRegistered() throws IOException {
		Path manifest = Files.writeString(this.work.resolve("bad.csv"), "deviceName,serial\nd1,s1\n");
		CliRunner.Result result = this.cli.run("provision", "--manifest", manifest.toString());
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("registrationId");
		assertThat(this.emulator.counts().registerCalls()).isZero();
		assertThat(this.work.resolve("out")).doesNotExist();
	}

	@Test
	void aChangedManifestCannotResumeAnotherBatch() throws IOException {
		Path manifest = CliRunner.fleetManifest(this.work, 3);
		assertThat(this.cli.run("provision", "--manifest", manifest.toString()).exitCode()).isZero();
		Files.writeString(manifest, "registrationId\nother-device\n");
		CliRunner.Result result = this.cli.run("provision", "--manifest", manifest.toString());
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("other content").contains("--batch");
	}

	@Test
	void aMissingGroupKeyIsAUsageErrorThatDoesNotEchoAnything() {
		CliRunner noKey = new CliRunner(this.work).with("--dps.id-scope=0ne00000A0A");
		CliRunner.Result result = noKey.run("provision", "--manifest", "sample-data/devices.csv");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("group key");
	}

	@Test
	void aMalformedGroupKeyIsRefusedWithoutPrintingIt() {
		String secretLooking = "not-base64!!secret-material";
		CliRunner.Result result = this.cli.with("--dps.group-key=" + secretLooking)
			.run("provision", "--manifest", "sample-data/devices.csv");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.out() + result.err()).doesNotContain(secretLooking).doesNotContain("secret-material");
	}

	@Test
	void anEmulatorWhoseCertificateIsNotTrustedIsRefusedBeforeAnyRegistration() {
		CliRunner untrusted = new CliRunner(this.work).with("--dps.global-endpoint=" + this.emulator.endpoint())
			.with("--dps.id-scope=" + this.emulator.idScope())
			.with("--dps.group-key=" + this.emulator.groupKey());
		CliRunner.Result result = untrusted.run("provision", "--manifest", "sample-data/devices.csv");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(result.err()).containsIgnoringCase("TLS").contains("dps.trust-store");
		assertThat(this.emulator.counts().registerCalls()).isZero();
		assertThat(this.emulator.counts().lookupCalls()).isZero();
	}

	@Test
	void aDryRunChecksEverythingAndSendsNothing() {
		CliRunner.Result result = this.cli.run("provision", "--manifest", "sample-data/devices-with-mistakes.csv",
				"--dry-run");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		assertThat(result.out()).contains("20 row(s), 10 valid")
			.contains("10 would be rejected")
			.contains("line 4: sensor-th200-000201: duplicate of the device on line 2");
		assertThat(this.emulator.counts().registerCalls() + this.emulator.counts().lookupCalls()).isZero();
		assertThat(this.work.resolve("out")).doesNotExist();
	}

	static List<CSVRecord> csv(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
		}
	}

}
