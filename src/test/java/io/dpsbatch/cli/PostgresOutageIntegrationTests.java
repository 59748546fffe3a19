package io.dpsbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.WithEmulator;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Losing the results store or the disk in the middle of a run, on PostgreSQL (the server
 * of {@link PostgresProvisionIntegrationTests}; each test has a role and a schema of its
 * own, so that only its own connections are cut): the run fails with exit 1 and a message
 * naming the cause, nothing is lost, and the next run finishes the batch without
 * registering any device twice.
 */
@WithEmulator
class PostgresOutageIntegrationTests {

	private final String name = "dpsb_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	@TempDir
	Path work;

	private DpsEmulator emulator;

	private CliRunner cli;

	@BeforeEach
	void createRoleSchemaAndEmulator(DpsEmulator emulator) throws Exception {
		PostgresProvisionIntegrationTests.execute("CREATE ROLE " + this.name + " LOGIN");
		PostgresProvisionIntegrationTests.execute("CREATE SCHEMA " + this.name + " AUTHORIZATION " + this.name);
		this.emulator = emulator;
		String url = PostgresProvisionIntegrationTests.URL;
		this.cli = new CliRunner(this.work).against(this.emulator)
			.with("--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + this.name)
			.with("--spring.datasource.username=" + this.name)
			.with("--spring.datasource.password=" + PostgresProvisionIntegrationTests.PASSWORD)
			// a lost server is noticed within seconds rather than Hikari's default 30
			.with("--spring.datasource.hikari.connection-timeout=2000");
	}

	@AfterEach
	void dropRoleAndSchema() throws Exception {
		PostgresProvisionIntegrationTests.execute("ALTER ROLE " + this.name + " LOGIN");
		terminateConnections();
		PostgresProvisionIntegrationTests.execute("DROP SCHEMA " + this.name + " CASCADE");
		PostgresProvisionIntegrationTests.execute("DROP ROLE " + this.name);
	}

	@Test
	void aDatabaseLostMidRunFailsTheRunAndTheNextRunResumesIt() throws Exception {
		Path manifest = manifest("pg-lost", 300);
		CliRunner limited = this.cli.with("--dps.max-in-flight=20");
		CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.emulator.counts().registerCalls() >= 60);
			try {
				// the server goes away for this run: its connections are cut and new ones
				// refused
				PostgresProvisionIntegrationTests.execute("ALTER ROLE " + this.name + " NOLOGIN");
				terminateConnections();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		CliRunner.Result first;
		String console;
		try (ConsoleCapture capture = ConsoleCapture.start()) {
			first = limited.run("provision", "--manifest", manifest.toString());
			console = capture.text();
		}
		outage.get(60, TimeUnit.SECONDS);

		assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(first.err()).contains("results store").contains("not permitted to log in");
		assertThat(first.out() + first.err() + console).doesNotContain("\tat ");
		assertThat(this.emulator.counts().registerCalls()).isLessThan(300);

		PostgresProvisionIntegrationTests.execute("ALTER ROLE " + this.name + " LOGIN");
		CliRunner.Result second = limited.run("provision", "--manifest", manifest.toString());

		assertThat(second.exitCode()).as(second.toString()).isZero();
		List<CSVRecord> credentials = ProvisionCommandIntegrationTests
			.csv(this.cli.outputOf("pg-lost").resolve("credentials.csv"));
		assertThat(credentials).hasSize(300);
		assertThat(credentials.stream().map((row) -> row.get("registrationId")).distinct()).hasSize(300);
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSize(300)
			.allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
	}

	/**
	 * A disk that fills up while the files are written. The run is a separate process
	 * whose files may not grow beyond 64 KiB ({@code ulimit -f}), which fails a write
	 * part-way just as a full disk does, without the privileges a full file system would
	 * take to set up; the results store is PostgreSQL, beyond that limit.
	 */
	@Test
	void aDiskThatFillsUpDuringTheExportFailsTheRunAndTheNextRunWritesTheFiles() throws Exception {
		Path manifest = manifest("pg-disk", 600);
		List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -f 64 && exec \"$@\"", "bash",
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", "-jar",
				Path.of("target/dps-batch.jar").toAbsolutePath().toString()));
		command.addAll(this.cli.arguments("provision", "--manifest", manifest.toString()));
		Path stdout = this.work.resolve("stdout.txt");
		Path stderr = this.work.resolve("stderr.txt");
		Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile())
			.start();
		assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the run ends").isTrue();
		String err = Files.readString(stderr);

		assertThat(process.exitValue()).as(Files.readString(stdout) + err).isEqualTo(ExitCodes.FAILED);
		Path folder = this.cli.outputOf("pg-disk");
		assertThat(err).contains("error: cannot write " + folder.resolve("credentials.csv") + ": File too large");
		assertThat(err).doesNotContain("\tat ");
		try (Stream<Path> files = Files.list(folder)) {
			// only the report of the failed run, which is small and whole: no file
			// half-written, no temporary file
			assertThat(files.map((file) -> file.getFileName().toString()))
				.as("no file half-written, no temporary file left")
				.containsOnly("report.html");
		}
		assertThat(Files.readString(folder.resolve("report.html")).strip()).endsWith("</html>");
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSize(600);

		CliRunner.Result second = this.cli.run("provision", "--manifest", manifest.toString());

		assertThat(second.exitCode()).as(second.toString()).isZero();
		assertThat(ProvisionCommandIntegrationTests.csv(folder.resolve("credentials.csv"))).hasSize(600);
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSize(600)
			.allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
	}

	private void terminateConnections() throws Exception {
		PostgresProvisionIntegrationTests
			.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + this.name + "'");
	}

	private Path manifest(String batch, int devices) throws IOException {
		return TestManifests.devices(this.work.resolve(batch + ".csv"), batch, devices);
	}

}
