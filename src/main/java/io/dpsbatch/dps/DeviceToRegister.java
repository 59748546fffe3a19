package io.dpsbatch.dps;

import io.dpsbatch.enrollment.Enrollment;

/**
 * One device to bring to a final status with DPS.
 *
 * @param registrationId the registration ID exactly as it is sent (and signed)
 * @param payloadJson the custom allocation payload, a JSON object as text, or
 * {@code null}
 * @param lookupFirst whether the device may already be registered (a resumed batch, a
 * retry, a device seen in another batch): then the non-billable status lookup is made
 * before any register call, and a device already assigned is reported without being
 * registered again
 * @param enrollment the enrollment it registers through (its DPS instance, its keys);
 * {@code null} for the client's default enrollment
 */
public record DeviceToRegister(String registrationId, String payloadJson, boolean lookupFirst, Enrollment enrollment) {

	/** A device of the default enrollment. */
	public DeviceToRegister(String registrationId, String payloadJson, boolean lookupFirst) {
		this(registrationId, payloadJson, lookupFirst, null);
	}

}
