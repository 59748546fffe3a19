package io.dpsbatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * Entry point of the command line. Arguments are split in two:
 * {@code --some.property=value} overrides go to Spring Boot's configuration, everything
 * else is parsed by picocli. Parsing and {@code --help} happen before any Spring context
 * starts, so a usage error changes nothing.
 */
public final class Cli {

	/** A Spring Boot property override: {@code --name.with.dots=value}. */
	private static final Pattern PROPERTY = Pattern.compile("--[A-Za-z0-9_-]+(\\.[A-Za-z0-9_\\[\\]-]+)+=.*",
			Pattern.DOTALL);

	private Cli() {
	}

	/**
	 * Runs the command line as this process and exits with the command's exit code.
	 * SIGTERM and Ctrl-C stop the command in order first ({@link Interruption}).
	 */
	public static void runAsProcess(Class<?> application, String... args) {
		Interruption interruption = Interruption.install();
		interruption.exit(run(application, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
	}

	static int run(Class<?> application, PrintWriter out, PrintWriter err, String... args) {
		List<String> springArgs = new ArrayList<>();
		List<String> commandArgs = new ArrayList<>();
		for (String arg : args) {
			(PROPERTY.matcher(arg).matches() ? springArgs : commandArgs).add(arg);
		}
		SpringContexts contexts = new SpringContexts(application, springArgs.toArray(String[]::new));
		CommandLine commandLine = new CommandLine(new DpsBatchCommand(), new CommandFactory(contexts, out, err));
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		commandLine.setExitCodeExceptionMapper(Failures::exitCode);
		commandLine.setParameterExceptionHandler((ex, ignored) -> {
			// picocli starts the messages of argument groups (--batch, see BatchOption)
			// with an "Error: " of its own
			err.println("error: " + ex.getMessage().replaceFirst("^Error: ", ""));
			CommandLine command = ex.getCommandLine();
			err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
			return ExitCodes.USAGE;
		});
		commandLine.setExecutionExceptionHandler((ex, command, parseResult) -> {
			err.println("error: " + Failures.describe(ex));
			return Failures.exitCode(ex);
		});
		return commandLine.execute(commandArgs.toArray(String[]::new));
	}

}
