package io.dpsbatch.store;

/**
 * What a batch does with a device that another batch has already assigned. Chosen when
 * the batch is created and kept with it, so that a resumed or retried run does the same.
 */
public enum AssignedElsewhere {

	/**
	 * Look it up (not billable) and list it as assigned, with its credentials: what a
	 * manifest file asks for, since the flashing station needs every device of the file.
	 */
	LOOK_UP,

	/**
	 * Record it as {@link DeviceStatus#ALREADY_ASSIGNED} and send nothing: a nightly run
	 * from a database table that still holds the devices of earlier nights.
	 */
	SKIP,

	/**
	 * Register it again ({@code --force}), which re-applies the enrollment's
	 * reprovisioning policy.
	 */
	REGISTER

}
