package io.dpsbatch.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorCounts;
import io.dpsbatch.emulator.WithEmulator;
import io.dpsbatch.keys.GroupKey;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole runs against an emulator that throttles and breaks things on purpose. */
class FaultToleranceIntegrationTests {

	@TempDir
	Path work;

	private DpsEmulator emulator;

	@Test
	@WithEmulator({ "faults.throttle-rate=0.05", "faults.internal-error-rate=0.05", "faults.unavailable-rate=0.05",
			"faults.drop-connection-rate=0.05", "faults.slow-rate=0.05", "faults.slow-delay=1200ms", "faults.seed=42" })
	void everyDeviceIsAssignedExactlyOnceDespiteThrottlingErrorsDropsAndSlowAnswers(DpsEmulator emulator)
			throws IOException {
		this.emulator = emulator;
		CliRunner cli = new CliRunner(this.work).against(this.emulator)
			.with("--dps.max-attempts=10")
			.with("--dps.request-timeout=1s")
			.with("--dps.max-in-flight=64");
		Path manifest = CliRunner.fleetManifest(this.work, 300);

		CliRunner.Result result = cli.run("provision", "--manifest", manifest.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		List<CSVRecord> credentials = ProvisionCommandIntegrationTests
			.csv(cli.outputOf("fleet").resolve("credentials.csv"));
		assertThat(credentials).hasSize(300);
		GroupKey groupKey = GroupKey.fromBase64(this.emulator.groupKey());
		assertThat(credentials).allSatisfy((row) -> assertThat(row.get("deviceKey"))
			.isEqualTo(groupKey.deriveDeviceKey(row.get("registrationId")).toBase64()));
		assertThat(credentials.stream().map((r) -> r.get("registrationId")).distinct()).hasSize(300);
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.injectedFaults()).as("faults were injected").isGreaterThan(30);
		assertThat(counts.registerCallsByDevice()).hasSize(300)
			.allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
		assertThat(counts.devicesRegisteredMoreThanOnce()).isZero();
		assertThat(counts.unauthorized()).isZero();
	}

	/**
	 * A soak: a few thousand devices with every fault at once. The bound on register
	 * calls: the client sends a device's register call at most {@code dps.max-attempts}
	 * times in a run (a 429, 5xx, timeout, broken connection or 401 answer each use one
	 * try; only the switch to the secondary key, not configured here, adds one), and
	 * never sends another after one that may have arrived without looking the device up
	 * first, so DPS accepts exactly one registration per device.
	 */
	@Test
	// every 429 to a register call holds all of them for its Retry-After and halves the
	// pace, down to 5% of the configured one (as it must with DPS, where a 429 is about
	// the whole instance): a few go a long way, hence a throttle rate far below the other
	// faults'
	@WithEmulator({ "faults.internal-error-rate=0.03", "faults.unavailable-rate=0.03",
			"faults.drop-connection-rate=0.03", "faults.expired-token-rate=0.03", "faults.slow-rate=0.03",
			"faults.throttle-rate=0.005", "faults.slow-delay=1200ms", "faults.seed=2026" })
	void aSoakWithEveryFaultAtOnceEndsWithEveryDeviceAssignedExactlyOnce(DpsEmulator emulator) throws Exception {
		int devices = 3000;
		int maxAttempts = 10;
		this.emulator = emulator;
		CliRunner cli = new CliRunner(this.work).against(this.emulator)
			.with("--dps.registrations-per-minute=600000")
			.with("--dps.max-attempts=" + maxAttempts)
			.with("--dps.request-timeout=1s")
			.with("--dps.max-in-flight=200");
		Path manifest = CliRunner.fleetManifest(this.work, devices);

		CliRunner.Result result = cli.run("provision", "--manifest", manifest.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		List<CSVRecord> credentials = ProvisionCommandIntegrationTests
			.csv(cli.outputOf("fleet").resolve("credentials.csv"));
		GroupKey groupKey = GroupKey.fromBase64(this.emulator.groupKey());
		assertThat(credentials).hasSize(devices)
			.allSatisfy((row) -> assertThat(row.get("deviceKey"))
				.isEqualTo(groupKey.deriveDeviceKey(row.get("registrationId")).toBase64()));
		assertThat(credentials.stream().map((r) -> r.get("registrationId")).distinct()).hasSize(devices);
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.registerCallsByDevice()).as("registrations DPS accepted, per device")
			.hasSize(devices)
			.allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
		assertThat(counts.devicesRegisteredMoreThanOnce()).isZero();
		assertThat(counts.injectedFaults()).as("faults were injected").isGreaterThan(devices / 5);
		assertThat(counts.unauthorized()).as("tokens taken as expired, each followed by a new one").isPositive();
		assertThat(counts.throttled()).isPositive();
		List<Long> registerCalls = registerCallsPerDevice(this.work, "fleet");
		assertThat(registerCalls).hasSize(devices)
			.allSatisfy((calls) -> assertThat(calls).isBetween(1L, (long) maxAttempts));
		System.out.printf(
				"Soak: %d devices, %d requests with an injected fault, %d register calls (at most %d for one"
						+ " device), %d polls, %d lookups, %d throttled, %d unauthorized%n",
				devices, counts.injectedFaults(), counts.registerCalls(),
				registerCalls.stream().mapToLong(Long::longValue).max().orElse(0), counts.pollCalls(),
				counts.lookupCalls(), counts.throttled(), counts.unauthorized());
	}

	/**
	 * The register calls the client recorded for each device of a batch, from the H2
	 * results store.
	 */
	static List<Long> registerCallsPerDevice(Path work, String batch) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + work.resolve("data/dps-batch"), "sa",
				"");
				PreparedStatement query = connection
					.prepareStatement("SELECT register_calls FROM dpsb_device WHERE batch_name = ? ORDER BY line_no")) {
			query.setString(1, batch);
			List<Long> calls = new ArrayList<>();
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					calls.add(rows.getLong(1));
				}
			}
			return calls;
		}
	}

	@Test
	@WithEmulator({ "assignment-delay=0ms", "registrations-per-minute=1200" })
	void pacedAtTheQuotaTheRunIsAlmostNeverThrottled(DpsEmulator emulator) throws IOException {
		this.emulator = emulator;
		CliRunner cli = new CliRunner(this.work).against(this.emulator).with("--dps.registrations-per-minute=1200");
		CliRunner.Result result = cli.run("provision", "--manifest",
				CliRunner.fleetManifest(this.work, 240).toString());
		assertThat(result.exitCode()).as(result.toString()).isZero();
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.assigned()).isEqualTo(240);
		// a handful of 429s can come from the first burst, while new TLS connections
		// bunch requests up
		assertThat(counts.throttled()).isLessThanOrEqualTo(240 / 20);
	}

	@Test
	@WithEmulator({ "assignment-delay=0ms", "registrations-per-minute=1200" })
	void abovePaceTheRunSlowsDownOnThrottlingAndStillFinishes(DpsEmulator emulator) throws IOException {
		this.emulator = emulator;
		CliRunner cli = new CliRunner(this.work).against(this.emulator).with("--dps.registrations-per-minute=6000");
		CliRunner.Result result = cli.run("provision", "--manifest",
				CliRunner.fleetManifest(this.work, 240).toString());
		assertThat(result.exitCode()).as(result.toString()).isZero();
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.assigned()).isEqualTo(240);
		assertThat(counts.throttled()).isPositive();
		assertThat(counts.registerCallsByDevice()).allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
		assertThat(result.out()).contains("throttled responses: " + counts.throttled());
	}

}
