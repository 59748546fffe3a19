package io.dpsbatch.dps;

import java.time.Instant;

/**
 * What DPS said in the end about one device.
 *
 * @param registrationId the device
 * @param status the final status
 * @param deviceId the IoT Hub device ID (assigned devices)
 * @param assignedHub the IoT hub host name (assigned devices)
 * @param substatus DPS's substatus, e.g. {@code initialAssignment} (assigned devices)
 * @param errorCode DPS's errorCode, or the HTTP status when DPS sent no body (other
 * outcomes)
 * @param errorMessage DPS's message, or a description of the failure (other outcomes);
 * never a key or token
 * @param registerCalls how many billable register calls were sent for this device in this
 * attempt
 * @param foundByLookup the status lookup found the device already assigned, so it was not
 * registered again
 * @param usedSecondaryKey DPS refused the primary group key and the secondary was used
 * @param startedAt when work on the device started
 * @param finishedAt when the final status was known
 */
public record RegistrationOutcome(String registrationId, OutcomeStatus status, String deviceId, String assignedHub,
		String substatus, String errorCode, String errorMessage, int registerCalls, boolean foundByLookup,
		boolean usedSecondaryKey, Instant startedAt, Instant finishedAt) {
}
