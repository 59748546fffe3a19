package io.dpsbatch.store;

import java.util.EnumSet;
import java.util.Set;

import io.dpsbatch.dps.OutcomeStatus;

/** Where a device of a batch stands. */
public enum DeviceStatus {

	/** Imported, not yet sent to DPS. */
	PENDING,

	/**
	 * Claimed for registration: DPS may have seen it, so a restart looks it up before
	 * registering.
	 */
	REGISTERING,

	ASSIGNED, FAILED, DISABLED, UNAUTHORIZED, TIMED_OUT, ERROR,

	/**
	 * Already assigned in another batch, so not sent again (a database manifest without
	 * {@code --force}); its credentials are in that batch's files.
	 */
	ALREADY_ASSIGNED,

	/** Refused at import (invalid ID, duplicate, bad payload ...); never sent. */
	REJECTED;

	/** Final statuses that DPS (or the run) gave a device that was not assigned. */
	public static final Set<DeviceStatus> NOT_ASSIGNED = EnumSet.of(FAILED, DISABLED, UNAUTHORIZED, TIMED_OUT, ERROR);

	public static DeviceStatus of(OutcomeStatus outcome) {
		return valueOf(outcome.name());
	}

	public boolean isFinal() {
		return this != PENDING && this != REGISTERING;
	}

}
