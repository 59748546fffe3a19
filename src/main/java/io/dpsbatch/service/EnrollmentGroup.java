package io.dpsbatch.service;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * An enrollment group of DPS, as the service API reads it. A plain read carries no keys
 * ({@link ProvisioningServiceClient#enrollmentGroupAttestationMechanism} has them).
 * {@link #toString()} never shows a key.
 *
 * @param enrollmentGroupId the group's name
 * @param attestation its symmetric keys, when DPS sent them
 * @param provisioningStatus {@code enabled} or {@code disabled}
 * @param allocationPolicy {@code hashed}, {@code static}, {@code geoLatency} or
 * {@code custom}
 * @param iotHubs the host names of the hubs its devices may be assigned to
 * @param reprovisionPolicy what a device registering again gets
 * @param capabilities whether its devices are IoT Edge devices
 * @param initialTwin the twin its devices start with
 * @param etag DPS's version of the group
 * @param createdDateTimeUtc when DPS created it
 * @param lastUpdatedDateTimeUtc when DPS last changed it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrollmentGroup(String enrollmentGroupId, AttestationMechanism attestation, String provisioningStatus,
		String allocationPolicy, List<String> iotHubs, ReprovisionPolicy reprovisionPolicy, Capabilities capabilities,
		JsonNode initialTwin, String etag, String createdDateTimeUtc, String lastUpdatedDateTimeUtc) {

	/** Whether devices may register through it: DPS's default status is enabled. */
	public boolean enabled() {
		return this.provisioningStatus == null || "enabled".equalsIgnoreCase(this.provisioningStatus);
	}

}
