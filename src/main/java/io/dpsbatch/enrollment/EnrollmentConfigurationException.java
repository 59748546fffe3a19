package io.dpsbatch.enrollment;

import io.dpsbatch.dps.DpsConfigurationException;

/**
 * The {@code dps.enrollments.*} or {@code dps.individual-keys-file} configuration cannot work: a missing or
 * contradictory setting, an unreadable or unsafe keys file. A {@link DpsConfigurationException}, so the
 * command line turns it into exit code 64 like every other configuration error; the message names the
 * property or file and line to fix, never a key.
 */
public class EnrollmentConfigurationException extends DpsConfigurationException {

	EnrollmentConfigurationException(String message) {
		super(message);
	}

}
