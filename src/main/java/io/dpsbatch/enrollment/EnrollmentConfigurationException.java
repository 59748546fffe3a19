package io.dpsbatch.enrollment;

import io.dpsbatch.exit.UsageError;

/**
 * The enrollments' configuration cannot work: a missing or contradictory setting of
 * {@code dps.group-key*}, {@code dps.individual-keys-file} or {@code dps.enrollments.*},
 * an unreadable or unusable group key. A {@link UsageError}, so the command line turns it
 * into exit code 64 like every other configuration error; the message names the property
 * or file to fix, never a key.
 */
public class EnrollmentConfigurationException extends RuntimeException implements UsageError {

	EnrollmentConfigurationException(String message) {
		super(message);
	}

	EnrollmentConfigurationException(String message, Throwable cause) {
		super(message, cause);
	}

}
