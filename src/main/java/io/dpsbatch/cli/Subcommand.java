package io.dpsbatch.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A subcommand: parsed by picocli, then run inside the Spring context it asks for
 * ({@link SpringContexts}): the whole application for the commands that work on batches,
 * the configuration alone for the others.
 */
abstract class Subcommand implements Callable<Integer> {

	protected SpringContexts contexts;

	protected PrintWriter out;

	protected PrintWriter err;

	/** After a run against the embedded emulator: what the emulator counted. */
	void printEmulatorCounts(CommandServices services) {
		services.embeddedEmulator()
			.ifPresent((emulator) -> this.out.println("Emulator: " + emulator.counts().toSummary()));
	}

	void attach(SpringContexts contexts, PrintWriter out, PrintWriter err) {
		this.contexts = contexts;
		this.out = out;
		this.err = err;
	}

}
