package io.dpsbatch.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "emulator", mixinStandardHelpOptions = true, description = {
		"Runs the embedded DPS emulator in the foreground (until Ctrl-C or SIGTERM) for rehearsals and other "
				+ "clients. Prints its endpoint, ID scope, group key and trust store. Settings: emulator.* properties." })
class EmulatorCommand extends Subcommand {

	/** Time to print the counts and close the server once asked to stop. */
	private static final Duration STOP_LIMIT = Duration.ofSeconds(5);

	@Option(names = "--port", paramLabel = "N",
			description = "port on 127.0.0.1 (default: emulator.port, 0 = any free port)")
	Integer port;

	@Override
	public Integer call() throws Exception {
		return this.contexts.withConfigurationOnly((settings) -> {
			EmulatorProperties properties = settings.emulator();
			if (this.port != null) {
				properties = properties.withPort(this.port);
			}
			CountDownLatch stopped = new CountDownLatch(1);
			try (DpsEmulator emulator = DpsEmulator.start(properties, settings.clock())) {
				// Ctrl-C or SIGTERM: print the counts, close, and exit 0 (being stopped
				// is how it ends)
				Interruption.whileRunning(stopped::countDown, STOP_LIMIT,
						"the emulator did not stop within " + STOP_LIMIT.toSeconds() + " s");
				this.out.println("DPS emulator running. Point dps-batch (or any DPS client) at it with:");
				this.out.println("  dps.global-endpoint=" + emulator.endpoint());
				this.out.println("  dps.id-scope=" + emulator.idScope());
				this.out.println("  dps.group-key=" + emulator.groupKey());
				this.out.println("  dps.secondary-group-key=" + emulator.secondaryGroupKey());
				this.out.println("  dps.trust-store=" + emulator.trustStore());
				this.out.println("  dps.trust-store-password=" + emulator.trustStorePassword());
				this.out.println("  dps.trust-store-type=" + emulator.trustStoreType());
				this.out.println("Service API (enrollments, registration records) at " + emulator.endpoint()
						+ ", SAS tokens signed for HostName; connection string of each instance:");
				emulator.serviceConnectionStrings()
					.forEach((idScope, connectionString) -> this.out.println("  " + idScope + ": " + connectionString));
				this.out.println("Counts: GET " + emulator.endpoint() + "/_emulator/counts. Stop with Ctrl-C.");
				this.out.flush();
				stopped.await();
				this.out.println("Emulator stopped. " + emulator.counts().toSummary());
				this.out.flush();
			}
			return ExitCodes.OK;
		});
	}

}
