package io.dpsbatch.cli;

import java.io.PrintWriter;

import picocli.CommandLine;

/**
 * Gives each command what it needs to run: the way to its Spring context, and where to
 * print.
 */
final class CommandFactory implements CommandLine.IFactory {

	private final SpringContexts contexts;

	private final PrintWriter out;

	private final PrintWriter err;

	CommandFactory(SpringContexts contexts, PrintWriter out, PrintWriter err) {
		this.contexts = contexts;
		this.out = out;
		this.err = err;
	}

	@Override
	public <K> K create(Class<K> type) throws Exception {
		if (Subcommand.class.isAssignableFrom(type)) {
			K command = CommandLine.defaultFactory().create(type);
			((Subcommand) command).attach(this.contexts, this.out, this.err);
			return command;
		}
		return CommandLine.defaultFactory().create(type);
	}

}
