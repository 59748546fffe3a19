package io.dpsbatch.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.dpsbatch.keys.GroupKey;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dps-batch emulator} as an operator runs it, in a process of its own: the
 * settings it prints are enough for a client to register devices against it, and SIGTERM
 * (like Ctrl-C) stops it in order.
 */
class EmulatorCommandIntegrationTests {

	private static final Duration LIMIT = Duration.ofSeconds(60);

	private static final String SETTING = "  dps.";

	@TempDir
	Path work;

	@Test
	void theSettingsItPrintsRegisterDevicesAndSigtermStopsIt() throws IOException {
		int port = freePort();
		CliRunner client = new CliRunner(this.work);
		try (JarProcess emulator = JarProcess.start(this.work, List.of("emulator", "--port", String.valueOf(port),
				"--emulator.state-dir=" + this.work.resolve("emulator")))) {
			emulator.awaitOut((line) -> line.startsWith("Counts: GET"), LIMIT);
			List<String> settings = emulator.out().lines().filter((line) -> line.startsWith(SETTING)).toList();
			assertThat(settings).extracting((line) -> line.substring(2, line.indexOf('=')))
				.containsExactly("dps.global-endpoint", "dps.id-scope", "dps.group-key", "dps.secondary-group-key",
						"dps.trust-store", "dps.trust-store-password", "dps.trust-store-type");
			assertThat(settings.get(0)).isEqualTo(SETTING + "global-endpoint=https://localhost:" + port);
			assertThat(emulator.err()).doesNotContain(value(settings, "dps.group-key"));
			String serviceLine = emulator.out()
				.lines()
				.filter((line) -> line.startsWith("  0ne00EMU001: HostName="))
				.findFirst()
				.orElseThrow();
			assertThat(serviceLine).startsWith("  0ne00EMU001: HostName=0ne00emu001.dps-emulator.localhost;"
					+ "SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=");
			assertThat(emulator.out())
				.contains("Service API (enrollments, registration records) at https://localhost:" + port);
			assertThat(emulator.err() + emulator.out().replace(serviceLine, ""))
				.doesNotContain(serviceLine.substring(serviceLine.indexOf("SharedAccessKey=") + 16));
			settings.forEach((line) -> client.with("--" + line.substring(2)));
			// the emulator keeps DPS's default quota of 1,000 register calls a minute:
			// run at that pace
			client.with("--dps.registrations-per-minute=1000");

			CliRunner.Result result = client.run("provision", "--manifest", "sample-data/devices.csv");

			assertThat(result.exitCode()).as(result.toString()).isZero();
			List<CSVRecord> credentials = ProvisionCommandIntegrationTests
				.csv(client.outputOf("devices").resolve("credentials.csv"));
			assertThat(credentials).hasSize(60);
			GroupKey groupKey = GroupKey.fromBase64(value(settings, "dps.group-key"));
			assertThat(credentials).allSatisfy((row) -> assertThat(row.get("deviceKey"))
				.isEqualTo(groupKey.deriveDeviceKey(row.get("registrationId")).toBase64()));

			emulator.terminate();
			assertThat(emulator.awaitExit(LIMIT)).as(emulator.toString()).isZero();
			assertThat(emulator.out()).contains("Emulator stopped.")
				.contains("(devices registered: 60, more than once: 0, assigned: 60)");
		}
	}

	@Test
	void helpDescribesTheCommand() {
		try (JarProcess help = JarProcess.start(this.work, List.of("emulator", "--help"))) {
			assertThat(help.awaitExit(LIMIT)).as(help.toString()).isZero();
			assertThat(help.out()).contains("Usage: dps-batch emulator").contains("--port=N").contains("SIGTERM");
		}
	}

	private static String value(List<String> settings, String name) {
		return settings.stream()
			.filter((line) -> line.startsWith("  " + name + "="))
			.map((line) -> line.substring(line.indexOf('=') + 1))
			.findFirst()
			.orElseThrow();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
