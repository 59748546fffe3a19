package io.dpsbatch.dps;

import io.dpsbatch.exit.ExitCode;
import io.dpsbatch.exit.HasExitCode;

/**
 * The {@code dps.*} configuration cannot work: a missing or malformed setting, an unreadable key file
 * or trust store. The message tells the operator what to fix and never contains a key or password;
 * the command line turns it into exit code 64.
 */
public class DpsConfigurationException extends RuntimeException implements HasExitCode {

	public DpsConfigurationException(String message) {
		super(message);
	}

	public DpsConfigurationException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public ExitCode exitCode() {
		return ExitCode.USAGE;
	}

}
