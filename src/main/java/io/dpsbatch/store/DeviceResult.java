package io.dpsbatch.store;

import java.util.Map;

/**
 * A device as the output files see it.
 *
 * @param line manifest line
 * @param registrationId registration ID as written in the manifest
 * @param status where it stands
 * @param deviceId IoT Hub device ID (assigned)
 * @param assignedHub IoT hub (assigned)
 * @param substatus DPS substatus (assigned)
 * @param errorCode DPS error code (not assigned)
 * @param errorMessage DPS error message, or the reject reason
 * @param registerCalls register calls sent for it, over all runs
 * @param usedSecondaryKey registered with the secondary group key
 * @param attributes attribute columns
 * @param enrollment the name of its enrollment in lower case, {@code ""} for the default
 * one
 */
public record DeviceResult(long line, String registrationId, DeviceStatus status, String deviceId, String assignedHub,
		String substatus, String errorCode, String errorMessage, int registerCalls, boolean usedSecondaryKey,
		Map<String, String> attributes, String enrollment) {
}
