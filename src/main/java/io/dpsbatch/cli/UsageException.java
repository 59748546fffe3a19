package io.dpsbatch.cli;

import io.dpsbatch.exit.ExitCode;
import io.dpsbatch.exit.HasExitCode;

/** An operator's mistake in options or configuration: exit code 64 with this message. */
class UsageException extends RuntimeException implements HasExitCode {

	UsageException(String message) {
		super(message);
	}

	@Override
	public ExitCode exitCode() {
		return ExitCode.USAGE;
	}

}
