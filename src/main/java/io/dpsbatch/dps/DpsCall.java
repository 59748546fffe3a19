package io.dpsbatch.dps;

/** The three DPS device calls. */
enum DpsCall {

	/**
	 * {@code PUT .../register}: billable, paced, re-applies the enrollment's
	 * reprovisioning policy.
	 */
	REGISTER("register", "PUT"),

	/** {@code GET .../operations/{operationId}}. */
	POLL("operation poll", "GET"),

	/**
	 * {@code POST .../registrations/{registrationId}}: the device registration status
	 * lookup.
	 */
	LOOKUP("status lookup", "POST");

	private final String description;

	private final String method;

	DpsCall(String description, String method) {
		this.description = description;
		this.method = method;
	}

	String description() {
		return this.description;
	}

	String method() {
		return this.method;
	}

}
