package io.dpsbatch.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorCounts;
import io.dpsbatch.emulator.WithEmulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What cannot be reached or written, at the start of a run or in its middle: the results
 * store, DPS, the output folder. Each run fails with exit 1 and one line naming the
 * cause, loses nothing, and the next run, once the cause is gone, finishes the batch
 * without registering any device twice.
 */
@WithEmulator
class OutageIntegrationTests {

	private static final int DEVICES = 40;

	@TempDir
	Path work;

	private DpsEmulator emulator;

	private CliRunner cli;

	private Path manifest;

	@BeforeEach
	void startEmulator(DpsEmulator emulator) throws IOException {
		this.emulator = emulator;
		this.cli = new CliRunner(this.work).against(this.emulator);
		this.manifest = TestManifests.devices(this.work.resolve("outage.csv"), "outage-dev", DEVICES);
	}

	@Test
	void aResultsStoreThatCannotBeReachedAtTheStartIsNamedAndNothingIsSent() throws IOException {
		int closedPort = closedPort();
		CliRunner.Result refused = failedRun(
				this.cli.with("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/dpsbatch")
					.with("--spring.datasource.username=dpsbatch"));
		assertThat(refused.err())
			.startsWith("error: cannot use the results store (spring.datasource.url): Connection to" + " 127.0.0.1:"
					+ closedPort + " refused");

		CliRunner.Result unknownHost = failedRun(
				this.cli.with("--spring.datasource.url=jdbc:postgresql://dps-batch-db.invalid:5432/dpsbatch"));
		assertThat(unknownHost.err()).startsWith("error: cannot use the results store (spring.datasource.url):")
			.contains("unknown host dps-batch-db.invalid");

		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.registerCalls() + counts.lookupCalls()).isZero();
		assertNextRunFinishesTheBatch(new CliRunner(this.work).against(this.emulator));
	}

	@Test
	void dpsThatCannotBeResolvedOrConnectedToFailsTheRunAndTheNextRunFinishesIt() throws IOException {
		CliRunner.Result unknownHost = failedRun(this.cli.with("--dps.global-endpoint=https://dps-batch.invalid"));
		assertThat(unknownHost.err()).contains("error: cannot reach DPS at dps-batch.invalid: unknown host")
			.contains("run the same command again to resume it");

		int closedPort = closedPort();
		CliRunner.Result refused = failedRun(this.cli.with("--dps.global-endpoint=https://127.0.0.1:" + closedPort));
		assertThat(refused.err())
			.contains("error: cannot reach DPS at 127.0.0.1:" + closedPort + ": connection refused");

		assertNextRunFinishesTheBatch(new CliRunner(this.work).against(this.emulator));
	}

	@Test
	void anOutputFolderThatCannotBeCreatedIsFoundBeforeAnythingIsSent() throws IOException {
		Path notAFolder = Files.writeString(this.work.resolve("out-file"), "a file where a folder should be");
		CliRunner.Result result = failedRun(this.cli.with("--batch.output-dir=" + notAFolder.resolve("batches")));

		assertThat(result.err()).startsWith(
				"error: cannot create output folder " + notAFolder.resolve("batches/outage") + ": Not a directory");
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.registerCalls() + counts.lookupCalls()).isZero();
		assertNextRunFinishesTheBatch(this.cli.with("--batch.output-dir=" + this.work.resolve("out")));
	}

	@Test
	void anOutputFolderLostDuringTheRunFailsTheExportAndTheNextRunWritesTheFiles() throws Exception {
		Path folder = this.cli.outputOf("outage");
		CompletableFuture<Void> loss = CompletableFuture.runAsync(() -> {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.emulator.counts().registerCalls() > 0);
			try {
				// whatever took the folder away (an unmounted share, a cleanup job) left
				// a file in its place
				Files.delete(folder);
				Files.writeString(folder, "not a folder");
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		CliRunner.Result result = failedRun(this.cli);
		loss.get(60, TimeUnit.SECONDS);

		assertThat(result.err()).startsWith("error: output folder " + folder + " exists and is not a folder");
		assertThat(result.out()).contains("assigned             " + DEVICES);
		Files.delete(folder);
		assertNextRunFinishesTheBatch(this.cli);
	}

	@Test
	void anExistingOutputFileOpenToOthersIsRefusedAndLeftAsItIs() throws IOException {
		Path folder = Files.createDirectories(this.cli.outputOf("outage"));
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
		Path credentials = Files.writeString(folder.resolve("credentials.csv"), "registrationId\nsomebody-elses\n");
		Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));

		CliRunner.Result result = failedRun(this.cli);

		assertThat(result.err()).startsWith("error: " + credentials + " exists and is open to other users (rw-r--r--)");
		assertThat(credentials).hasContent("registrationId\nsomebody-elses");
		assertThat(this.emulator.counts().registerCalls()).isZero();
		Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
		assertNextRunFinishesTheBatch(this.cli);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
	}

	/** Runs the batch, which must fail with exit 1 and without a stack trace. */
	private CliRunner.Result failedRun(CliRunner runner) {
		CliRunner.Result result;
		String console;
		try (ConsoleCapture capture = ConsoleCapture.start()) {
			result = runner.run("provision", "--manifest", this.manifest.toString());
			console = capture.text();
		}
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(result.out() + result.err() + console).as("what the operator sees").doesNotContain("\tat ");
		return result;
	}

	private void assertNextRunFinishesTheBatch(CliRunner runner) throws IOException {
		CliRunner.Result result = runner.run("provision", "--manifest", this.manifest.toString());
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(ProvisionCommandIntegrationTests.csv(this.cli.outputOf("outage").resolve("credentials.csv")))
			.hasSize(DEVICES);
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSize(DEVICES)
			.allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
	}

	/** A loopback port nothing listens on. */
	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
