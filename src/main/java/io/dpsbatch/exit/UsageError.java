package io.dpsbatch.exit;

/**
 * An operator's mistake in options, configuration or input, found before anything was
 * changed: exit code {@link ExitCode#USAGE}, with a message that says what to fix.
 */
public interface UsageError extends HasExitCode {

	@Override
	default ExitCode exitCode() {
		return ExitCode.USAGE;
	}

}
