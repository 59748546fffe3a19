package io.dpsbatch.enrollment;

import java.util.Objects;

import io.dpsbatch.keys.DeviceKey;

/**
 * The keys one device may sign its SAS token with: derived from the group's keys, or an
 * individual enrollment's own. The primary first; the secondary when DPS refuses the
 * primary (rotation).
 *
 * @param primary the key tried first
 * @param secondary the other one, or {@code null} when there is none
 */
public record SigningKeys(DeviceKey primary, DeviceKey secondary) {

	public SigningKeys {
		Objects.requireNonNull(primary, "primary");
	}

	public boolean hasSecondary() {
		return this.secondary != null;
	}

	@Override
	public String toString() {
		return "SigningKeys[primary=hidden, secondary=" + (hasSecondary() ? "hidden" : "none") + "]";
	}

}
