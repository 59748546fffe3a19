package io.dpsbatch.cli;

import io.dpsbatch.exit.UsageError;

/** An operator's mistake in options or configuration: exit code 64 with this message. */
class UsageException extends RuntimeException implements UsageError {

	UsageException(String message) {
		super(message);
	}

}
