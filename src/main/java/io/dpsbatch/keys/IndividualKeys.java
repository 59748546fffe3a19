package io.dpsbatch.keys;

import java.util.Objects;

/**
 * One individual enrollment's symmetric keys, as DPS generated them: they sign the
 * device's SAS token directly, with no derivation.
 *
 * @param registrationId the registration ID as the keys file writes it
 * @param primary the primary key
 * @param secondary the secondary key, or {@code null} when the file gives none
 */
public record IndividualKeys(String registrationId, DeviceKey primary, DeviceKey secondary) {

	public IndividualKeys {
		Objects.requireNonNull(registrationId, "registrationId");
		Objects.requireNonNull(primary, "primary");
	}

	public boolean hasSecondary() {
		return this.secondary != null;
	}

	@Override
	public String toString() {
		// DeviceKey hides itself already; spelled out so that a change there cannot leak
		// a key here
		return "IndividualKeys[registrationId=" + this.registrationId + ", primary=hidden, secondary="
				+ (hasSecondary() ? "hidden" : "none") + "]";
	}

}
