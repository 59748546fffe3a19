package io.dpsbatch.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.dpsbatch.store.LiveRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs that overlap, on each store engine: two runs of one batch, two batches sharing
 * devices, a run whose process was killed. However they interleave, no device is
 * registered twice, and a run that cannot go ahead says why.
 */
abstract class OverlappingRunScenarios extends StoreScenarios {

	private static final Duration GENEROUS = Duration.ofSeconds(120);

	@Test
	void aBatchThatAnotherProcessRunsIsRefusedWithoutAnythingChanged() throws Exception {
		Path manifest = csvManifest("line-7", "dev", 0, 5);
		this.cli.run("status"); // creates the store
		try (LiveRun other = LiveRun.of(this.store.dataSource(), "line-7", List.of())) {
			CliRunner.Result refused = this.cli.run("provision", "--manifest", manifest.toString());
			assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.FAILED);
			assertThat(refused.err())
				.contains("batch 'line-7' is being run by another dps-batch process (pid "
						+ ProcessHandle.current().pid() + " on ")
				.contains("nothing was changed");
			assertThat(this.cli.run("status").out()).contains("No batches");
		}
		CliRunner.Result after = this.cli.run("provision", "--manifest", manifest.toString());
		assertThat(after.exitCode()).as(after.toString()).isZero();
		assertThat(this.emulator.counts().registerCalls()).isEqualTo(5);
	}

	@Test
	void devicesThatAnotherLiveRunHoldsAreWaitedForOrTheRunSaysWhyItStops() throws Exception {
		Path manifest = csvManifest("line-8", "dev", 0, 10);
		this.cli.run("status");
		List<String> held = List.of("dev-002", "DEV-003");
		try (LiveRun other = LiveRun.of(this.store.dataSource(), "line-7", held)) {
			CliRunner.Result stopped = this.cli.with("--batch.wait-for-other-runs=0")
				.run("provision", "--manifest", manifest.toString());
			assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(ExitCodes.FAILED);
			assertThat(stopped.err())
				.contains("2 device(s) of this batch are being registered by batch line-7, " + "which is running (pid "
						+ ProcessHandle.current().pid())
				.contains("Nothing of batch line-8 was sent");
			assertThat(this.emulator.counts().registerCalls() + this.emulator.counts().lookupCalls()).isZero();

			CompletableFuture<CliRunner.Result> waiting = CompletableFuture
				.supplyAsync(() -> this.cli.with("--batch.wait-for-other-runs=5m")
					.run("provision", "--manifest", manifest.toString()));
			await().atMost(GENEROUS)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> LiveRun.isRunning(this.store.dataSource(), "line-8"));
			assertThat(this.cli.run("status", "--batch", "line-8").out()).contains("state          running (pid");
			assertThat(waiting).isNotDone();
			assertThat(this.emulator.counts().registerCalls()).isZero();
			other.close(); // the other run ends
			CliRunner.Result resumed = waiting.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
			assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		}
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSize(10)
			.allSatisfy((id, calls) -> assertThat(calls).isOne());
	}

	@Test
	void twoRunsOfOneBatchAtOnceRegisterEachDeviceOnce() throws Exception {
		useEmulator(Map.of("emulator.assignment-delay", "2s"));
		Path manifest = csvManifest("line-9", "dev", 0, 40);
		List<CliRunner.Result> results = atOnce(List.of(List.of("provision", "--manifest", manifest.toString()),
				List.of("provision", "--manifest", manifest.toString())));
		assertThat(results).anySatisfy((result) -> {
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(result.out()).contains("Batch line-9 finished");
		});
		assertThat(results).allSatisfy((result) -> {
			if (result.exitCode() != 0) {
				assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
				assertThat(result.err()).contains("is being run by another dps-batch process");
			}
		});
		assertThat(ids(credentials("line-9"))).hasSize(40).doesNotHaveDuplicates();
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSize(40)
			.allSatisfy((id, calls) -> assertThat(calls).isOne());
	}

	@Test
	void batchesSharingDevicesRunAtOnceAndRegisterEachDeviceOnce() throws Exception {
		useEmulator(Map.of("emulator.assignment-delay", "2s"));
		Path first = csvManifest("first", "dev", 0, 40);
		Path second = csvManifest("second", "dev", 20, 60);
		List<CliRunner.Result> results = atOnce(List.of(List.of("provision", "--manifest", first.toString()),
				List.of("provision", "--manifest", second.toString())));
		assertThat(results).allSatisfy((result) -> assertThat(result.exitCode()).as(result.toString()).isZero());
		assertThat(ids(credentials("first"))).hasSize(40).doesNotHaveDuplicates();
		assertThat(ids(credentials("second"))).hasSize(40).doesNotHaveDuplicates();
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSize(60)
			.allSatisfy((id, calls) -> assertThat(calls).isOne());
	}

	@Test
	void twoBatchesAtOnceShareOneQuotaAndEachTakesItsPart() throws Exception {
		// two runs at the default pace (900/min each) against an instance whose quota is
		// 1,200/min: each learns its share from DPS's 429s, and neither holds the other
		useEmulator(Map.of("emulator.registrations-per-minute", "1200", "emulator.assignment-delay", "0ms"));
		this.cli.with("--dps.registrations-per-minute=900");
		Path first = csvManifest("first", "one", 0, 200);
		Path second = csvManifest("second", "two", 0, 200);
		List<CliRunner.Result> results = atOnce(List.of(List.of("provision", "--manifest", first.toString()),
				List.of("provision", "--manifest", second.toString())));
		assertThat(results).allSatisfy((result) -> assertThat(result.exitCode()).as(result.toString()).isZero());
		assertThat(ids(credentials("first"))).hasSize(200).doesNotHaveDuplicates();
		assertThat(ids(credentials("second"))).hasSize(200).doesNotHaveDuplicates();
		var counts = this.emulator.counts();
		assertThat(counts.registerCallsByDevice()).hasSize(400).allSatisfy((id, calls) -> assertThat(calls).isOne());
		System.out.printf("Two runs, one quota: %d register calls, %d answered 429%n", counts.registerCalls(),
				counts.throttled());
		assertThat(counts.throttled()).as("register calls answered 429")
			.isLessThanOrEqualTo(counts.registerCalls() / 10);
	}

	@Test
	void aRunWhoseProcessWasKilledIsRecoveredAtOnceByTheNextRun() throws Exception {
		Path manifest = csvManifest("killed", "dev", 0, 100);
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
				Path.of("target/dps-batch.jar").toAbsolutePath().toString()));
		command.addAll(this.cli.with("--dps.registrations-per-minute=300")
			.arguments("provision", "--manifest", manifest.toString()));
		Process process = new ProcessBuilder(command).directory(this.work.toFile())
			.redirectOutput(this.work.resolve("killed.out").toFile())
			.redirectError(this.work.resolve("killed.err").toFile())
			.start();
		try {
			await().atMost(GENEROUS)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.emulator.counts().registerCalls() >= 10);
		}
		finally {
			process.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
		}
		long before = this.emulator.counts().registerCalls();
		assertThat(before).isLessThan(100);

		CliRunner.Result next = this.cli.with("--dps.registrations-per-minute=60000")
			.run("provision", "--manifest", manifest.toString());
		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(ids(credentials("killed"))).hasSize(100).doesNotHaveDuplicates();
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSize(100)
			.allSatisfy((id, calls) -> assertThat(calls).isOne());
	}

	/** Runs the commands on threads of their own, released at the same moment. */
	private List<CliRunner.Result> atOnce(List<List<String>> commands) throws Exception {
		this.cli.run("status"); // the store is created (migrated) once, before the runs
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<CliRunner.Result>> runs = commands.stream()
			.map((command) -> CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return this.cli.run(command.toArray(String[]::new));
			}))
			.toList();
		start.countDown();
		List<CliRunner.Result> results = new ArrayList<>();
		for (CompletableFuture<CliRunner.Result> run : runs) {
			results.add(run.get(GENEROUS.toSeconds(), TimeUnit.SECONDS));
		}
		return results;
	}

}
