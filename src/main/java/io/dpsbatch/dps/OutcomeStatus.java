package io.dpsbatch.dps;

/** The final status of one device's registration. */
public enum OutcomeStatus {

	/** DPS assigned the device to a hub. */
	ASSIGNED,

	/** DPS answered {@code failed}; its errorCode and errorMessage say why. */
	FAILED,

	/** The enrollment (group or individual) is disabled. */
	DISABLED,

	/** DPS refused the credentials (401) with every configured group key. */
	UNAUTHORIZED,

	/**
	 * The device did not reach a final status within {@code dps.registration-timeout}.
	 */
	TIMED_OUT,

	/**
	 * DPS refused the request (400, 404, ...) or kept failing (429, 5xx) beyond
	 * {@code dps.max-attempts}.
	 */
	ERROR

}
