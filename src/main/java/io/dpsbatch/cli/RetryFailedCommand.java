package io.dpsbatch.cli;

import io.dpsbatch.job.ProvisioningService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "retry-failed", mixinStandardHelpOptions = true,
		description = { "Registers again the devices of a finished batch that DPS did not assign (failed, disabled, "
				+ "unauthorized, timed out or error), each looked up first, records their new outcomes and writes "
				+ "the batch's files again: credentials.csv then holds every assigned device of the batch once. "
				+ "Running it again after an interruption resumes it." })
class RetryFailedCommand extends Subcommand {

	@ArgGroup(exclusive = false, multiplicity = "1")
	BatchOption batch;

	@Mixin
	EmulatorOption emulator;

	@Override
	public Integer call() throws Exception {
		String name = this.batch.checked();
		return this.contexts.withApplication(this.emulator.properties(), (services) -> {
			ProvisioningService provisioning = services.provisioning();
			Interruption.whileRunning(provisioning::requestStop, provisioning.stopTimeout(),
					"interrupted: retry-failed for batch " + name + " did not reach a safe point within "
							+ provisioning.stopTimeout().toSeconds() + " s (batch.stop-timeout); what it recorded is "
							+ "safe. Run the same command again to resume it.");
			int exit = new RunReport(this.out).report(provisioning.retryFailed(name), this.err);
			printEmulatorCounts(services);
			return exit;
		});
	}

}
