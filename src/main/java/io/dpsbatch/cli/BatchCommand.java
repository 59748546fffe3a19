package io.dpsbatch.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A subcommand: parsed by picocli, then run inside the Spring context it asks for. */
abstract class BatchCommand implements Callable<Integer> {

	protected SpringContexts contexts;

	protected PrintWriter out;

	protected PrintWriter err;

	void attach(SpringContexts contexts, PrintWriter out, PrintWriter err) {
		this.contexts = contexts;
		this.out = out;
		this.err = err;
	}

}
