package io.dpsbatch.dps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A device's registration state, inside an operation status or as the answer to a status
 * lookup. {@code errorCode} is an int32 in the spec; held as text since it is only ever
 * reported.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record DeviceRegistrationResult(String registrationId, String assignedHub, String deviceId, String status,
		String substatus, String errorCode, String errorMessage, String createdDateTimeUtc,
		String lastUpdatedDateTimeUtc, String etag) {
}
