package io.dpsbatch.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorCounts;
import io.dpsbatch.emulator.EmulatorProperties;
import io.dpsbatch.keys.GroupKey;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole runs against an emulator that throttles and breaks things on purpose. */
class FaultToleranceIntegrationTests {

	@TempDir
	Path work;

	private DpsEmulator emulator;

	@AfterEach
	void stopEmulator() {
		if (this.emulator != null) {
			this.emulator.close();
		}
	}

	@Test
	void everyDeviceIsAssignedExactlyOnceDespiteThrottlingErrorsDropsAndSlowAnswers() throws IOException {
		Map<String, String> settings = new HashMap<>(CliRunner.emulatorSettings(this.work.resolve("emulator")));
		settings.put("emulator.faults.throttle-rate", "0.05");
		settings.put("emulator.faults.internal-error-rate", "0.05");
		settings.put("emulator.faults.unavailable-rate", "0.05");
		settings.put("emulator.faults.drop-connection-rate", "0.05");
		settings.put("emulator.faults.slow-rate", "0.05");
		settings.put("emulator.faults.slow-delay", "1200ms");
		settings.put("emulator.faults.seed", "42");
		this.emulator = DpsEmulator.start(EmulatorProperties.bind(settings));
		CliRunner cli = new CliRunner(this.work).against(this.emulator)
			.with("--dps.max-attempts=10")
			.with("--dps.request-timeout=1s")
			.with("--dps.max-in-flight=64");
		Path manifest = CliRunner.fleetManifest(this.work, 300);

		CliRunner.Result result = cli.run("provision", "--manifest", manifest.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		List<CSVRecord> credentials = ProvisionCommandIntegrationTests.csv(cli.outputOf("fleet").resolve("credentials.csv"));
		assertThat(credentials).hasSize(300);
		GroupKey groupKey = GroupKey.fromBase64(this.emulator.groupKey());
		assertThat(credentials).allSatisfy((row) -> assertThat(row.get("deviceKey"))
			.isEqualTo(groupKey.deriveDeviceKey(row.get("registrationId")).toBase64()));
		assertThat(credentials.stream().map((r) -> r.get("registrationId")).distinct()).hasSize(300);
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.injectedFaults()).as("faults were injected").isGreaterThan(30);
		assertThat(counts.registerCallsByDevice()).hasSize(300).allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
		assertThat(counts.devicesRegisteredMoreThanOnce()).isZero();
		assertThat(counts.unauthorized()).isZero();
	}

	@Test
	void pacedAtTheQuotaTheRunIsAlmostNeverThrottled() throws IOException {
		this.emulator = DpsEmulator.start(EmulatorProperties.bind(Map.of("emulator.state-dir",
				this.work.resolve("emulator").toString(), "emulator.assignment-delay", "0ms",
				"emulator.registrations-per-minute", "1200")));
		CliRunner cli = new CliRunner(this.work).against(this.emulator).with("--dps.registrations-per-minute=1200");
		CliRunner.Result result = cli.run("provision", "--manifest", CliRunner.fleetManifest(this.work, 240).toString());
		assertThat(result.exitCode()).as(result.toString()).isZero();
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.assigned()).isEqualTo(240);
		// a handful of 429s can come from the first burst, while new TLS connections bunch requests up
		assertThat(counts.throttled()).isLessThanOrEqualTo(240 / 20);
	}

	@Test
	void abovePaceTheRunSlowsDownOnThrottlingAndStillFinishes() throws IOException {
		this.emulator = DpsEmulator.start(EmulatorProperties.bind(Map.of("emulator.state-dir",
				this.work.resolve("emulator").toString(), "emulator.assignment-delay", "0ms",
				"emulator.registrations-per-minute", "1200")));
		CliRunner cli = new CliRunner(this.work).against(this.emulator).with("--dps.registrations-per-minute=6000");
		CliRunner.Result result = cli.run("provision", "--manifest", CliRunner.fleetManifest(this.work, 240).toString());
		assertThat(result.exitCode()).as(result.toString()).isZero();
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.assigned()).isEqualTo(240);
		assertThat(counts.throttled()).isPositive();
		assertThat(counts.registerCallsByDevice()).allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
		assertThat(result.out()).contains("throttled responses: " + counts.throttled());
	}

}
