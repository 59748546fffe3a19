package io.dpsbatch.cli;

import java.util.Map;

import io.dpsbatch.job.DpsConnection;
import io.dpsbatch.results.BatchExporter;
import io.dpsbatch.results.BatchRecord;
import io.dpsbatch.results.ResultsStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
		description = "Writes a batch's output files again from the results store (each device exactly once).")
class ExportCommand extends BatchCommand {

	@Option(names = "--batch", paramLabel = "NAME", required = true, description = "the batch to export")
	String batch;

	@Override
	public Integer call() throws Exception {
		String name = BatchNames.check(this.batch);
		return this.contexts.withApplication(Map.of(), (context) -> {
			ResultsStore store = context.getBean(ResultsStore.class);
			BatchRecord record = store.findBatch(name)
				.orElseThrow(() -> new UsageException("no batch named '" + name + "' in the results store"));
			DpsConnection dps = context.getBean(DpsConnection.class);
			String configured = dps.keys().primary().fingerprint();
			if (!configured.equals(record.keyFingerprint())) {
				throw new UsageException("batch '" + name + "' was registered with group key " + record.keyFingerprint()
						+ " but the configured key is " + configured + "; the device keys would be wrong. Configure "
						+ "the batch's group key to export it");
			}
			BatchExporter.ExportedFiles files = context.getBean(BatchExporter.class).export(name, dps.keys());
			this.out.printf("Exported batch %s to %s%n", name, files.folder());
			RunReport.printCounts(this.out, files.totals());
			return ExitCodes.OK;
		});
	}

}
