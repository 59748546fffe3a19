package io.dpsbatch.cli;

/** An operator's mistake in options or configuration: exit code 64 with this message. */
class UsageException extends RuntimeException {

	UsageException(String message) {
		super(message);
	}

}
