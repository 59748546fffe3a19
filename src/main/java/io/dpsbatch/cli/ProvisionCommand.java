package io.dpsbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.job.BatchLauncher;
import io.dpsbatch.job.DryRun;
import io.dpsbatch.job.RunResult;
import io.dpsbatch.results.DeviceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "provision", mixinStandardHelpOptions = true,
		description = { "Registers every device of a manifest as one batch and writes its files to "
				+ "<batch.output-dir>/<batch>/. Running it again for an unfinished batch resumes it; for a finished "
				+ "one it says so and changes nothing." })
class ProvisionCommand extends BatchCommand {

	@Option(names = "--manifest", paramLabel = "FILE", required = true,
			description = "CSV manifest: header row with registrationId, optional payload, any attribute columns")
	Path manifest;

	@Option(names = "--batch", paramLabel = "NAME",
			description = "batch name (default: the manifest's file name without extension)")
	String batch;

	@Option(names = "--dry-run", description = "validate the manifest and derive keys, without calling DPS or "
			+ "writing anything")
	boolean dryRun;

	@Option(names = "--emulator", description = "start the embedded DPS emulator and run the batch against it")
	boolean emulator;

	@Override
	public Integer call() throws Exception {
		if (!Files.isRegularFile(this.manifest) || !Files.isReadable(this.manifest)) {
			throw new UsageException("manifest " + this.manifest + " is not a readable file");
		}
		String name = (this.batch != null) ? BatchNames.check(this.batch) : BatchNames.fromManifest(this.manifest);
		Map<String, Object> properties = this.emulator ? Map.of("dpsbatch.embedded-emulator", "true") : Map.of();
		return this.contexts.withApplication(properties, (context) -> {
			int exit = this.dryRun ? dryRun(context.getBean(DryRun.class))
					: provision(context.getBean(BatchLauncher.class), name);
			context.getBeanProvider(DpsEmulator.class)
				.ifAvailable((emulator) -> this.out.println("Emulator: " + emulator.counts().toSummary()));
			return exit;
		});
	}

	private int provision(BatchLauncher launcher, String name) throws Exception {
		RunResult result = launcher.provision(this.manifest, name);
		new RunReport(this.out).print(result);
		return switch (result.state()) {
			case FAILED -> {
				this.err.println("error: " + ConsoleText.printable(result.failure()));
				this.err.println("The batch is safe in the results store; run the same command again to resume it.");
				yield ExitCodes.FAILED;
			}
			case COMPLETED, ALREADY_FINISHED ->
				(result.totals().notAssigned() + result.totals().count(DeviceStatus.REJECTED) > 0)
						? ExitCodes.INCOMPLETE : ExitCodes.OK;
		};
	}

	private int dryRun(DryRun dryRun) throws Exception {
		DryRun.Report report = dryRun.check(this.manifest, (reject) -> this.out.println(
				ConsoleText.printable("line " + reject.line() + ": " + reject.registrationId() + ": " + reject.reason())));
		this.out.printf("Dry run of %s: %d row(s), %d valid (keys derived), %d would be rejected. Nothing was sent "
				+ "or written.%n", this.manifest, report.rows(), report.valid(), report.rejected());
		return (report.rejected() > 0) ? ExitCodes.INCOMPLETE : ExitCodes.OK;
	}

}
