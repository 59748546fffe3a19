package io.dpsbatch.service;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * DPS's record of one device's registration
 * (docs/dps.md#answers-and-registration-states): what the device was assigned. It carries
 * no key.
 *
 * @param registrationId the device's registration ID
 * @param createdDateTimeUtc when the device first registered
 * @param assignedHub the hub it was assigned to
 * @param deviceId its device ID in that hub
 * @param status {@code unassigned}, {@code assigning}, {@code assigned}, {@code failed}
 * or {@code disabled}
 * @param substatus how it was assigned
 * @param errorCode DPS's error code of a {@code failed} registration
 * @param errorMessage its message
 * @param lastUpdatedDateTimeUtc when the record last changed
 * @param etag DPS's version of the record
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistrationRecord(String registrationId, String createdDateTimeUtc, String assignedHub, String deviceId,
		String status, String substatus, Integer errorCode, String errorMessage, String lastUpdatedDateTimeUtc,
		String etag) {

}
