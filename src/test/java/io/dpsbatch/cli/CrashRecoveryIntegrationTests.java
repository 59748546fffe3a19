package io.dpsbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorCounts;
import io.dpsbatch.emulator.WithEmulator;
import io.dpsbatch.keys.GroupKey;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch outlives the process that runs it. dps-batch runs as an operator runs it, as
 * its own process (the packaged jar) against an emulator in this JVM, and is killed with
 * SIGKILL during the import, during registration and while writing the files, or stopped
 * with SIGTERM; then the same command is run again until it finishes. Every device must
 * end in credentials.csv exactly once, registered exactly once: devices that may have
 * reached DPS before a kill are looked up, not registered again.
 */
@WithEmulator
class CrashRecoveryIntegrationTests {

	/**
	 * Generous: a condition that should hold within seconds, on a slow shared machine.
	 */
	private static final Duration LIMIT = Duration.ofSeconds(90);

	/**
	 * What a run says when it takes over an execution that a killed process left STARTED.
	 */
	private static final String RECOVERED = "was left STARTED by a run that did not finish";

	private static final Pattern RECLAIMED = Pattern
		.compile("(\\d+) device\\(s\\) were with DPS when the previous run stopped");

	@TempDir
	Path work;

	private DpsEmulator emulator;

	private CliRunner cli;

	@BeforeEach
	void startEmulator(DpsEmulator emulator) {
		// no quota and a short assignment delay: the kill points, not the emulator, set
		// the pace
		this.emulator = emulator;
		this.cli = new CliRunner(this.work).against(this.emulator);
	}

	@Test
	void killedDuringImportRegistrationAndExportTheBatchResumesAndRegistersEveryDeviceOnce() throws IOException {
		int devices = 3000;
		String[] provision = { "provision", "--manifest", CliRunner.fleetManifest(this.work, devices).toString() };

		String importing = killWhen(provision,
				(run) -> run.awaitErr((line) -> line.contains("importing the manifest"), LIMIT));
		assertThat(importing).doesNotContain("import done");
		assertThat(this.emulator.counts().registerCalls()).isZero();

		String registering = killWhen(provision, (run) -> run.await(() -> registerCalls() >= devices / 5, LIMIT));
		assertThat(registering).as("the import was cut short and is done again")
			.contains(RECOVERED)
			.contains("importing the manifest");

		String registeringLater = killWhen(provision,
				(run) -> run.await(() -> registerCalls() >= devices * 3 / 5, LIMIT));
		assertThat(registeringLater).contains(RECOVERED).containsPattern(RECLAIMED);

		String exporting = killWhen(provision,
				(run) -> run.awaitErr((line) -> line.contains("writing the output files"), LIMIT));
		assertThat(exporting).contains(RECOVERED).containsPattern(RECLAIMED);
		assertThat(this.emulator.counts().registerCallsByDevice()).as("registration was complete before the export")
			.hasSize(devices);
		assertThat(this.cli.run("status", "--batch", "fleet").out()).as("every device is done, but not the files")
			.contains("unfinished (run the same command again to resume it)");

		String finishing = runUntilItExitsZero(provision, 3);
		assertThat(finishing).as("the kill came after registration and before the job's end")
			.contains(RECOVERED)
			.contains("writing the output files")
			.doesNotContain("registering");

		assertEveryDeviceRegisteredOnceWithItsKey(devices);
		assertThat(this.cli.outputOf("fleet")).as("no temporary file of the killed export is left")
			.isDirectoryNotContaining((file) -> file.getFileName().toString().endsWith(".tmp"));
		EmulatorCounts counts = this.emulator.counts();
		long reclaimed = Stream.of(registeringLater, exporting)
			.mapToLong(CrashRecoveryIntegrationTests::reclaimed)
			.sum();
		assertThat(reclaimed).isPositive();
		assertThat(counts.lookupCalls()).as("a status lookup for every device a killed run left with DPS")
			.isGreaterThanOrEqualTo(reclaimed);
	}

	@Test
	void sigtermStopsTheRunAtASafePointWithExitCode1AndTheNextRunResumesIt() throws IOException {
		int devices = 1500;
		String[] provision = { "provision", "--manifest", CliRunner.fleetManifest(this.work, devices).toString() };
		String interrupted = "interrupted: batch fleet stopped at a safe point; run the same command again to resume it.";

		try (JarProcess run = this.cli.start(provision)) {
			run.awaitErr((line) -> line.contains("importing the manifest"), LIMIT);
			run.terminate();
			assertThat(run.awaitExit(LIMIT)).as(run.toString()).isEqualTo(ExitCodes.FAILED);
			assertThat(run.err()).contains("import stopped after").contains(interrupted).doesNotContain("ERROR");
		}
		assertThat(registerCalls()).isZero();

		CliRunner patient = this.cli.with("--batch.stop-timeout=60s");
		try (JarProcess run = patient.start(provision)) {
			run.await(() -> registerCalls() >= devices / 3, LIMIT);
			run.terminate();
			assertThat(run.awaitExit(LIMIT)).as(run.toString()).isEqualTo(ExitCodes.FAILED);
			assertThat(run.err()).contains("stopping: no more devices are sent")
				.contains(interrupted)
				.doesNotContain("ERROR");
			assertThat(run.out()).contains("Batch fleet was interrupted and stopped at a safe point (resumable)");
		}
		int sent = this.emulator.counts().registerCallsByDevice().size();
		assertThat(sent).isLessThan(devices);

		CliRunner.Result status = this.cli.run("status", "--batch", "fleet");
		assertThat(status.exitCode()).as(status.toString()).isZero();
		assertThat(status.out()).contains("unfinished (run the same command again to resume it)")
			.as("the stopping run recorded the outcome of every device it had sent")
			.containsPattern("assigned +" + sent + "\n")
			.doesNotContain("registering");

		assertThat(runUntilItExitsZero(provision, 1)).contains("ended STOPPED");
		assertEveryDeviceRegisteredOnceWithItsKey(devices);
		assertThat(this.emulator.counts().lookupCalls()).as("no device was left with DPS unrecorded").isZero();
	}

	private String killWhen(String[] args, KillPoint point) {
		try (JarProcess run = this.cli.start(args)) {
			point.await(run);
			assertThat(run.kill()).as("SIGKILL\n" + run).isEqualTo(JarProcess.KILLED);
			return run.err();
		}
	}

	private String runUntilItExitsZero(String[] args, int attempts) {
		StringBuilder errors = new StringBuilder();
		for (int i = 0; i < attempts; i++) {
			try (JarProcess run = this.cli.start(args)) {
				if (run.awaitExit(LIMIT) == ExitCodes.OK) {
					return run.err();
				}
				errors.append(run).append('\n');
			}
		}
		throw new AssertionError("no run exited 0 in " + attempts + " attempt(s)\n" + errors);
	}

	private void assertEveryDeviceRegisteredOnceWithItsKey(int devices) throws IOException {
		List<CSVRecord> credentials = ProvisionCommandIntegrationTests
			.csv(this.cli.outputOf("fleet").resolve("credentials.csv"));
		Set<String> expected = IntStream.range(0, devices)
			.mapToObj((i) -> String.format("fleet-dev-%05d", i))
			.collect(Collectors.toSet());
		assertThat(credentials).hasSize(devices);
		assertThat(credentials.stream().map((row) -> row.get("registrationId")))
			.containsExactlyInAnyOrderElementsOf(expected);
		GroupKey groupKey = GroupKey.fromBase64(this.emulator.groupKey());
		assertThat(credentials).allSatisfy((row) -> assertThat(row.get("deviceKey"))
			.isEqualTo(groupKey.deriveDeviceKey(row.get("registrationId")).toBase64()));
		assertThat(Files.readString(this.cli.outputOf("fleet").resolve("failures.csv")).lines()).hasSize(1);

		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.devicesRegisteredMoreThanOnce()).isZero();
		assertThat(counts.registerCallsByDevice()).hasSize(devices)
			.allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
		assertThat(counts.unauthorized()).isZero();
	}

	private long registerCalls() {
		return this.emulator.counts().registerCalls();
	}

	private static long reclaimed(String log) {
		Matcher matcher = RECLAIMED.matcher(log);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

	/** Waits for the moment a run is to be killed. */
	@FunctionalInterface
	private interface KillPoint {

		void await(JarProcess run);

	}

}
