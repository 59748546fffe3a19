package io.dpsbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Consumer;

import io.dpsbatch.job.DryRun;
import io.dpsbatch.job.ProvisioningService;
import io.dpsbatch.job.RunResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "provision", mixinStandardHelpOptions = true,
		description = { "Registers every device of a manifest (a CSV file, or the factory database with --from-db) "
				+ "as one batch and writes its files to <batch.output-dir>/<batch>/. Running it again for an "
				+ "unfinished batch resumes it; for a finished one it says so and changes nothing." })
class ProvisionCommand extends Subcommand {

	@ArgGroup(exclusive = true, multiplicity = "1")
	Source source;

	@ArgGroup(exclusive = false, multiplicity = "0..1")
	BatchOption batch;

	@Option(names = "--force", description = "register again devices that another batch already assigned (by "
			+ "default --manifest looks them up and lists them as assigned, --from-db skips them)")
	boolean force;

	@Option(names = "--dry-run",
			description = "validate the manifest and derive keys, without a register call or writing anything "
					+ "(an enrollment group with dps.enrollment-group-id and a service connection string is "
					+ "checked through the service API, with read calls)")
	boolean dryRun;

	@Mixin
	EmulatorOption emulator;

	/** Where the devices come from: exactly one of the two. */
	static class Source {

		@Option(names = "--manifest", paramLabel = "FILE", required = true,
				description = "CSV manifest: header row with registrationId, optional payload, any attribute columns")
		Path manifest;

		@Option(names = "--from-db", required = true, description = "read the devices from the factory database: "
				+ "manifest.query (default: SELECT * FROM device_manifest) on manifest.datasource.* (default: the "
				+ "results store)")
		boolean fromDb;

	}

	@Override
	public Integer call() throws Exception {
		Path manifest = this.source.manifest;
		if (manifest != null && (!Files.isRegularFile(manifest) || !Files.isReadable(manifest))) {
			throw new UsageException("manifest " + manifest + " is not a readable file");
		}
		String name = (this.batch != null) ? this.batch.checked()
				: (manifest != null) ? BatchNames.fromManifest(manifest) : BatchNames.nightly(LocalDate.now());
		return this.contexts.withApplication(this.emulator.properties(), (services) -> {
			try {
				return this.dryRun ? dryRun(services.dryRun()) : provision(services.provisioning(), name);
			}
			finally {
				// a run refused before its first register call shows the emulator saw
				// none
				printEmulatorCounts(services);
			}
		});
	}

	private int provision(ProvisioningService provisioning, String name) throws Exception {
		Interruption.whileRunning(provisioning::requestStop, provisioning.stopTimeout(), "interrupted: batch " + name
				+ " did not reach a safe point within " + provisioning.stopTimeout().toSeconds()
				+ " s (batch.stop-timeout); what it recorded is safe. Run the same command again to resume it.");
		RunResult result = (this.source.manifest != null)
				? provisioning.provision(this.source.manifest, name, this.force)
				: provisioning.provisionFromDatabase(name, this.force);
		return new RunReport(this.out).report(result, this.err);
	}

	private int dryRun(DryRun dryRun) throws Exception {
		Consumer<DryRun.Reject> printer = (reject) -> this.out.println(ConsoleText
			.printable("line " + reject.line() + ": " + reject.registrationId() + ": " + reject.reason()));
		Path manifest = this.source.manifest;
		DryRun.Report report = (manifest != null) ? dryRun.check(manifest, printer) : dryRun.checkDatabase(printer);
		this.out.printf(
				"Dry run of %s: %d row(s), %d valid (keys derived), %d would be rejected. Nothing was sent "
						+ "or written.%n",
				(manifest != null) ? manifest : "the database manifest", report.rows(), report.valid(),
				report.rejected());
		report.groupChecks()
			.forEach((check) -> this.out
				.println(ConsoleText.printable("Checked through the DPS service API (read calls only): " + check)));
		if (report.perEnrollment().size() > 1 || !report.perEnrollment().containsKey("(default)")) {
			report.perEnrollment()
				.forEach((enrollment, devices) -> this.out.printf("  enrollment %s: %d device(s)%n", enrollment,
						devices));
		}
		return (report.rejected() > 0) ? ExitCodes.INCOMPLETE : ExitCodes.OK;
	}

}
