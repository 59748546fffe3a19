package io.dpsbatch.dps;

/**
 * What DPS's status lookup said of a device: its registration state, or {@code null} when
 * DPS does not know the device (HTTP 404: it never got a register call).
 */
record StatusLookup(DeviceRegistrationResult state) {

	static final StatusLookup NOT_REGISTERED = new StatusLookup(null);

	boolean isAssigned() {
		return hasStatus(DpsJson.ASSIGNED);
	}

	boolean isAssigning() {
		return hasStatus(DpsJson.ASSIGNING);
	}

	/** DPS has decided: assigned, failed or disabled. */
	boolean isFinal() {
		return isAssigned() || hasStatus(DpsJson.FAILED) || hasStatus(DpsJson.DISABLED);
	}

	private boolean hasStatus(String status) {
		return this.state != null && status.equals(this.state.status());
	}

}
