package io.dpsbatch.keys;

import io.dpsbatch.exit.ExitCode;
import io.dpsbatch.exit.HasExitCode;

/** A key that cannot be used. The message names the problem and never contains the key. */
public class InvalidKeyException extends IllegalArgumentException implements HasExitCode {

	InvalidKeyException(String message) {
		super(message);
	}

	@Override
	public ExitCode exitCode() {
		return ExitCode.USAGE;
	}

}
