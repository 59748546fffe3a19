package io.dpsbatch.dps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The body of a DPS error response (4xx, 5xx). */
@JsonIgnoreProperties(ignoreUnknown = true)
record ProvisioningServiceErrorDetails(String errorCode, String trackingId, String message, String timestampUtc) {
}
