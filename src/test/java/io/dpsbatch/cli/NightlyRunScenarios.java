package io.dpsbatch.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.dpsbatch.emulator.EmulatorCounts;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code provision --from-db}, {@code retry-failed} and {@code status --batch}, on each
 * store engine.
 */
abstract class NightlyRunScenarios extends StoreScenarios {

	@Test
	void theDefaultTableIsProvisionedAsTonightsBatch() throws Exception {
		createManifestTable();
		addToManifestTable("night", 0, 12);
		LocalDate before = LocalDate.now();
		CliRunner.Result result = this.cli.run("provision", "--from-db");
		String batch = "nightly-" + LocalDate.now();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(List.of("nightly-" + before, batch))
			.anySatisfy((name) -> assertThat(result.out()).contains("Batch " + name + " finished"));
		List<CSVRecord> credentials = credentials(batch);
		assertThat(ids(credentials)).hasSize(12).contains("night-000", "night-011");
		String serialColumn = credentials.get(0).getParser().getHeaderNames().get(6);
		assertThat(serialColumn).isEqualToIgnoringCase("serial_number");
		assertThat(credentials).allSatisfy((device) -> assertThat(device.get(serialColumn))
			.isEqualTo(device.get("registrationId").replace("night-", "SN-")));
		assertThat(this.emulator.counts().registerCalls()).isEqualTo(12);

		CliRunner.Result again = this.cli.run("provision", "--from-db");
		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.out()).contains("already finished");
		assertThat(this.emulator.counts().registerCalls()).isEqualTo(12);
	}

	@Test
	void aConfiguredQueryOnTheFactorysOwnDatabaseChoosesTheDevices() throws Exception {
		String factory = "jdbc:h2:file:" + this.work.resolve("factory/mes");
		try (Connection connection = DriverManager.getConnection(factory, "mes", "mes-password");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE units (sn VARCHAR(20), reg VARCHAR(128), line INTEGER)");
			statement.execute("INSERT INTO units VALUES ('A1', 'line3-a1', 3), ('B1', 'line4-b1', 4), "
					+ "('A2', 'line3-a2', 3)");
		}
		CliRunner.Result result = this.cli.with("--manifest.datasource.url=" + factory)
			.with("--manifest.datasource.username=mes")
			.with("--manifest.datasource.password=mes-password")
			.with("--manifest.query=SELECT reg AS registration_id, sn AS serial FROM units WHERE line = 3 ORDER BY reg")
			.run("provision", "--from-db", "--batch", "line-3");
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(credentials("line-3")).extracting((device) -> device.get("registrationId") + "/" + device.get(6))
			.containsExactly("line3-a1/A1", "line3-a2/A2");
		CliRunner.Result status = this.cli.run("status", "--batch", "line-3");
		assertThat(status.out()).contains("source         database " + factory + ", query: SELECT reg AS")
			.doesNotContain("mes-password");
	}

	@Test
	void devicesAssignedInAnEarlierBatchAreSkippedUnlessForced() throws Exception {
		createManifestTable();
		addToManifestTable("dev", 0, 10);
		assertThat(this.cli.run("provision", "--from-db", "--batch", "night-1").exitCode()).isZero();
		addToManifestTable("dev", 10, 15);

		CliRunner.Result second = this.cli.run("provision", "--from-db", "--batch", "night-2");
		assertThat(second.exitCode()).as(second.toString()).isZero();
		assertThat(second.out()).containsPattern("already assigned\\s+10").containsPattern("assigned\\s+5\\n");
		assertThat(ids(credentials("night-2"))).containsExactly("dev-010", "dev-011", "dev-012", "dev-013", "dev-014");
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.registerCallsByDevice()).hasSize(15).allSatisfy((id, calls) -> assertThat(calls).isOne());
		assertThat(counts.lookupCalls()).isZero();
		assertThat(this.cli.run("status", "--batch", "night-2").out()).containsPattern("already assigned\\s+10");

		CliRunner.Result refused = this.cli.run("provision", "--from-db", "--batch", "night-2", "--force");
		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(refused.err()).contains("was started without --force");

		CliRunner.Result forced = this.cli.run("provision", "--from-db", "--batch", "night-3", "--force");
		assertThat(forced.exitCode()).as(forced.toString()).isZero();
		assertThat(credentials("night-3")).hasSize(15);
		assertThat(this.emulator.counts().registerCallsByDevice()).containsEntry("dev-000", 2)
			.containsEntry("dev-014", 2);
	}

	@Test
	void devicesThatFailedBeforeAreTriedAgainByTheNextNight() throws Exception {
		createManifestTable();
		addToManifestTable("ok", 0, 5);
		addToManifestTable("flaky", 0, 3);
		useEmulator(Map.of("emulator.failing-ids", "flaky-*"));
		CliRunner.Result first = this.cli.run("provision", "--from-db", "--batch", "night-1");
		assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		assertThat(ids(failures("night-1"))).containsExactly("flaky-000", "flaky-001", "flaky-002");

		useEmulator(Map.of());
		addToManifestTable("ok", 5, 6);
		CliRunner.Result second = this.cli.run("provision", "--from-db", "--batch", "night-2");
		assertThat(second.exitCode()).as(second.toString()).isZero();
		assertThat(ids(credentials("night-2"))).containsExactlyInAnyOrder("flaky-000", "flaky-001", "flaky-002",
				"ok-005");
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.registerCallsByDevice()).containsOnlyKeys("flaky-000", "flaky-001", "flaky-002", "ok-005");
		assertThat(counts.lookupCalls()).isEqualTo(3);
	}

	@Test
	void aResumedDatabaseBatchContinuesFromTheStoreWithoutReadingTheDatabaseAgain() throws Exception {
		createManifestTable();
		addToManifestTable("fleet", 0, 200);
		CliRunner limited = this.cli.with("--dps.max-in-flight=20").with("--dps.max-attempts=2");
		CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.emulator.counts().registerCalls() >= 60);
			this.emulator.suspend();
		});
		CliRunner.Result first = limited.run("provision", "--from-db", "--batch", "night-x");
		outage.get(60, TimeUnit.SECONDS);
		assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.FAILED);

		this.store.execute("DROP TABLE device_manifest");
		this.emulator.resume();
		CliRunner.Result second = limited.run("provision", "--from-db", "--batch", "night-x");
		assertThat(second.exitCode()).as(second.toString()).isZero();
		assertThat(ids(credentials("night-x"))).hasSize(200).doesNotHaveDuplicates();
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSize(200)
			.allSatisfy((id, calls) -> assertThat(calls).isOne());
	}

	@Test
	void retryFailedRegistersOnlyTheFailuresAndWritesTheFilesAgain() throws Exception {
		useEmulator(Map.of("emulator.failing-ids", "fleet-01*", "emulator.disabled-ids", "fleet-02*"));
		String manifest = csvManifest("fleet", "fleet", 0, 30).toString();
		CliRunner.Result first = this.cli.run("provision", "--manifest", manifest);
		assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		assertThat(failures("fleet")).hasSize(20);

		CliRunner.Result status = this.cli.run("status", "--batch", "fleet");
		assertThat(status.out()).containsPattern("failed\\s+10")
			.containsPattern("disabled\\s+10")
			.contains("Assigned per IoT hub:")
			.containsPattern("dps-batch-emu-hub-\\d\\.azure-devices\\.net\\s+\\d+")
			.containsPattern("400209\\s+failed\\s+10\\s+e\\.g\\. ")
			.containsPattern("-\\s+disabled\\s+10\\s+e\\.g\\. the enrollment is disabled");

		CliRunner.Result stillFailing = this.cli.run("retry-failed", "--batch", "fleet");
		assertThat(stillFailing.exitCode()).as(stillFailing.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		assertThat(this.emulator.counts().registerCallsByDevice()).containsEntry("fleet-010", 2)
			.containsEntry("fleet-000", 1);

		useEmulator(Map.of());
		CliRunner.Result healed = this.cli.run("retry-failed", "--batch", "fleet");
		assertThat(healed.exitCode()).as(healed.toString()).isZero();
		assertThat(ids(credentials("fleet"))).hasSize(30).doesNotHaveDuplicates();
		assertThat(failures("fleet")).isEmpty();
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.registerCallsByDevice()).hasSize(20)
			.allSatisfy((id, calls) -> assertThat(id).matches("fleet-0[12]\\d"));
		assertThat(counts.lookupCalls()).isEqualTo(20);
		assertThat(this.cli.run("status", "--batch", "fleet").out()).contains("retry-failed   2 run(s)");

		CliRunner.Result nothingLeft = this.cli.run("retry-failed", "--batch", "fleet");
		assertThat(nothingLeft.exitCode()).as(nothingLeft.toString()).isZero();
		assertThat(nothingLeft.out()).contains("nothing was changed");
		assertThat(this.emulator.counts().registerCalls()).isEqualTo(counts.registerCalls());
	}

	@Test
	void retryFailedRefusesABatchThatDoesNotExistOrHasNotFinished() throws Exception {
		CliRunner.Result unknown = this.cli.run("retry-failed", "--batch", "nope");
		assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(unknown.err()).contains("no batch named 'nope'");

		String manifest = csvManifest("cut", "cut", 0, 100).toString();
		CliRunner limited = this.cli.with("--dps.max-in-flight=10").with("--dps.max-attempts=2");
		CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.emulator.counts().registerCalls() >= 20);
			this.emulator.suspend();
		});
		assertThat(limited.run("provision", "--manifest", manifest).exitCode()).isEqualTo(ExitCodes.FAILED);
		outage.get(60, TimeUnit.SECONDS);
		CliRunner.Result refused = limited.run("retry-failed", "--batch", "cut");
		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(refused.err()).contains("has not finished").contains("run provision for it again");
	}

}
