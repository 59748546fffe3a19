package io.dpsbatch.job;

import io.dpsbatch.exit.ExitCode;
import io.dpsbatch.exit.HasExitCode;

/**
 * Another live run holds the batch (two operators, or an operator and the nightly timer):
 * this run is refused before it changes anything. Not a usage error: the same command
 * works once the other run has ended (exit code 1).
 */
public class BatchBusyException extends RuntimeException implements HasExitCode {

	BatchBusyException(String message) {
		super(message);
	}

	@Override
	public ExitCode exitCode() {
		return ExitCode.FAILED;
	}

}
