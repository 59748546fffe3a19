package io.dpsbatch.service;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * One device's individual enrollment in DPS, as the service API reads and writes it
 * (docs/dps.md#service-api-client-facts). Fields that are {@code null} are not sent, so
 * DPS applies its defaults (keys it generates, {@code enabled}, the instance's allocation
 * policy). {@link #toString()} never shows a key.
 *
 * @param registrationId the device's registration ID, which the enrollment is named by
 * @param deviceId the IoT Hub device ID; default the registration ID
 * @param attestation its symmetric keys
 * @param provisioningStatus {@code enabled} or {@code disabled}
 * @param allocationPolicy {@code hashed}, {@code static}, {@code geoLatency} or
 * {@code custom}
 * @param iotHubs the host names of the hubs it may be assigned to
 * @param reprovisionPolicy what a device registering again gets
 * @param capabilities whether it is an IoT Edge device
 * @param initialTwin the twin a device starts with: {@code tags} and
 * {@code properties.desired}
 * @param customAllocationDefinition the webhook of a {@code custom} allocation, as DPS
 * has it
 * @param etag DPS's version of the enrollment; a write that carries one applies only to
 * that version
 * @param createdDateTimeUtc when DPS created it (read only)
 * @param lastUpdatedDateTimeUtc when DPS last changed it (read only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndividualEnrollment(String registrationId, String deviceId, AttestationMechanism attestation,
		String provisioningStatus, String allocationPolicy, List<String> iotHubs, ReprovisionPolicy reprovisionPolicy,
		Capabilities capabilities, JsonNode initialTwin, JsonNode customAllocationDefinition, String etag,
		String createdDateTimeUtc, String lastUpdatedDateTimeUtc) {

	/**
	 * An enabled enrollment with the given symmetric keys, or, when both are
	 * {@code null}, keys DPS generates; everything else DPS's defaults.
	 */
	public static IndividualEnrollment withSymmetricKeys(String registrationId, String primaryKey,
			String secondaryKey) {
		return new IndividualEnrollment(registrationId, null,
				AttestationMechanism.symmetricKey(primaryKey, secondaryKey), "enabled", null, null, null, null, null,
				null, null, null, null);
	}

	/**
	 * Whether sending this again after a lost answer leaves DPS as one send would: its
	 * keys were chosen by the caller (DPS generating new ones would change the device's
	 * credentials) and it carries no etag (a repeat would fail the etag check of the
	 * version the first one made).
	 */
	boolean safeToRepeat() {
		return this.attestation != null && this.attestation.hasBothKeys() && this.etag == null;
	}

}
