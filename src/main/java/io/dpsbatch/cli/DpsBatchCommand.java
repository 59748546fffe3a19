package io.dpsbatch.cli;

import picocli.CommandLine.Command;

@Command(name = "dps-batch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		resourceBundle = "io.dpsbatch.cli.options",
		description = {
				"Registers batches of IoT devices with Azure IoT Hub DPS (symmetric-key group enrollments), "
						+ "resumably, and writes the credential files the flashing station needs.",
				"",
				"Configuration: config/application.yml, environment variables (DPS_ID_SCOPE, DPS_GROUP_KEY, ...) "
						+ "or --property.name=value overrides (see README.md)." },
		subcommands = { ProvisionCommand.class, RetryFailedCommand.class, StatusCommand.class, ExportCommand.class,
				DeriveKeyCommand.class, EmulatorCommand.class },
		footerHeading = "%nExit codes:%n",
		footer = { "  0   every device assigned (or a dry run found nothing wrong)",
				"  1   the run failed or was interrupted, or another run holds the batch; run the same command "
						+ "again to resume",
				"  2   the batch finished, but some devices are failed or rejected",
				"  64  usage or configuration error; nothing was changed" })
class DpsBatchCommand implements Runnable {

	@picocli.CommandLine.Spec
	picocli.CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new picocli.CommandLine.ParameterException(this.spec.commandLine(), "a command is required");
	}

}
