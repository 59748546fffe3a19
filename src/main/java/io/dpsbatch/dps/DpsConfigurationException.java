package io.dpsbatch.dps;

import io.dpsbatch.exit.UsageError;

/**
 * The DPS client's {@code dps.*} configuration cannot work: a missing or malformed
 * setting or limit, an unreadable trust store, a proxy address that cannot work (the
 * enrollments' settings have {@code EnrollmentConfigurationException}). The message tells
 * the operator what to fix and never contains a key or password; the command line turns
 * it into exit code 64.
 */
public class DpsConfigurationException extends RuntimeException implements UsageError {

	public DpsConfigurationException(String message) {
		super(message);
	}

	public DpsConfigurationException(String message, Throwable cause) {
		super(message, cause);
	}

}
