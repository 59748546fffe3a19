package io.dpsbatch.cli;

import java.util.Map;

import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.job.ProvisioningTarget;
import io.dpsbatch.output.BatchExporter;
import io.dpsbatch.store.BatchRecord;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

@Command(name = "export", mixinStandardHelpOptions = true,
		description = "Writes a batch's output files again from the results store (each device exactly once).")
class ExportCommand extends Subcommand {

	@ArgGroup(exclusive = false, multiplicity = "1")
	BatchOption batch;

	@Override
	public Integer call() throws Exception {
		String name = this.batch.checked();
		return this.contexts.withApplication(Map.of(), (services) -> {
			BatchRecord record = services.batches().batch(name);
			ProvisioningTarget dps = services.dps();
			Enrollments enrollments = dps.enrollments();
			String configured = enrollments.find("").map((standard) -> standard.fingerprints().get(0)).orElse("none");
			if (!configured.equals(record.keyFingerprint())) {
				throw new UsageException("batch '" + name + "' was registered with group key " + record.keyFingerprint()
						+ " but the configured key is " + configured + "; the device keys would be wrong. Configure "
						+ "the batch's group key to export it");
			}
			// and the same keys for every other enrollment its devices use
			services.enrollmentConsistency().check(name, enrollments);
			BatchExporter.ExportedFiles files = services.exporter().export(name, enrollments);
			this.out.printf("Exported batch %s to %s%n", name, files.folder());
			RunReport.printCounts(this.out, files.totals());
			return ExitCodes.OK;
		});
	}

}
