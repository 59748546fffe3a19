package io.dpsbatch.job;

import io.dpsbatch.exit.ExitCode;
import io.dpsbatch.exit.HasExitCode;

/**
 * The check of an enrollment group through the DPS service API stopped the run before
 * anything was written or sent: the group or its key is not what the configuration says,
 * or the service credentials were refused (exit 64, the message says what to fix), or DPS
 * could not answer (exit 1: the same command may be run again). The message names the
 * enrollment, the group ID and the property, never a key.
 */
public class EnrollmentGroupException extends RuntimeException implements HasExitCode {

	private final ExitCode exitCode;

	EnrollmentGroupException(String message, ExitCode exitCode, Throwable cause) {
		super(message, cause);
		this.exitCode = exitCode;
	}

	@Override
	public ExitCode exitCode() {
		return this.exitCode;
	}

}
