package io.dpsbatch.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 * The same whole runs on PostgreSQL, the production store: a real server, by default the
 * one at 127.0.0.1:5432 (database {@code test}, user {@code postgres}); set
 * {@code DPSBATCH_TEST_POSTGRES_URL}, {@code DPSBATCH_TEST_POSTGRES_USER} and
 * {@code DPSBATCH_TEST_POSTGRES_PASSWORD} for another. Each test gets a schema of its
 * own, dropped afterwards. The test fails when PostgreSQL cannot be reached: it never
 * passes without having run.
 */
@WithEmulator
class PostgresProvisionIntegrationTests {

	static final String URL = env("DPSBATCH_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	static final String USER = env("DPSBATCH_TEST_POSTGRES_USER", "postgres");

	static final String PASSWORD = env("DPSBATCH_TEST_POSTGRES_PASSWORD", "");

	@TempDir
	Path work;

	private final String schema = "dpsb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private DpsEmulator emulator;

	private CliRunner cli;

	@BeforeEach
	void createSchemaAndEmulator(DpsEmulator emulator) throws Exception {
		execute("CREATE SCHEMA " + this.schema);
		this.emulator = emulator;
		this.cli = new CliRunner(this.work).against(this.emulator)
			.with("--spring.datasource.url=" + URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + this.schema)
			.with("--spring.datasource.username=" + USER)
			.with("--spring.datasource.password=" + PASSWORD);
	}

	@AfterEach
	void dropSchema() throws Exception {
		execute("DROP SCHEMA " + this.schema + " CASCADE");
	}

	@Test
	void theSampleWithMistakesRunsOnPostgres() throws Exception {
		CliRunner.Result result = this.cli.run("provision", "--manifest", "sample-data/devices-with-mistakes.csv");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		Path folder = this.cli.outputOf("devices-with-mistakes");
		assertThat(ProvisionCommandIntegrationTests.csv(folder.resolve("credentials.csv"))).hasSize(10);
		assertThat(ProvisionCommandIntegrationTests.csv(folder.resolve("rejects.csv"))).hasSize(10);
		assertThat(this.cli.run("status", "--batch", "devices-with-mistakes").out()).contains("finished");
	}

	@Test
	void aRunCutOffFromDpsResumesOnPostgresWithoutRegisteringTwice() throws Exception {
		Path manifest = java.nio.file.Files
			.write(this.work.resolve("pg-fleet.csv"),
					java.util.stream.Stream
						.concat(java.util.stream.Stream.of("registrationId"),
								java.util.stream.IntStream.range(0, 200)
									.mapToObj((i) -> String.format("pg-dev-%04d", i)))
						.toList());
		CliRunner limited = this.cli.with("--dps.max-in-flight=20").with("--dps.max-attempts=2");
		CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.emulator.counts().registerCalls() >= 60);
			this.emulator.suspend();
		});
		CliRunner.Result first = limited.run("provision", "--manifest", manifest.toString());
		outage.get(60, TimeUnit.SECONDS);
		assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.FAILED);
		this.emulator.resume();
		CliRunner.Result second = limited.run("provision", "--manifest", manifest.toString());
		assertThat(second.exitCode()).as(second.toString()).isZero();
		List<CSVRecord> credentials = ProvisionCommandIntegrationTests
			.csv(this.cli.outputOf("pg-fleet").resolve("credentials.csv"));
		assertThat(credentials).hasSize(200);
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSize(200)
			.allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
	}

	static void execute(String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
