package io.dpsbatch.dps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** DPS's answer to a register call and to an operation poll. */
@JsonIgnoreProperties(ignoreUnknown = true)
record RegistrationOperationStatus(String operationId, String status, DeviceRegistrationResult registrationState) {
}
