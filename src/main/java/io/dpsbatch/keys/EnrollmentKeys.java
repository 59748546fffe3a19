package io.dpsbatch.keys;

import java.util.Objects;

/**
 * The enrollment group keys a run signs with: the primary, and the secondary that is
 * tried when DPS refuses the primary (for example while the keys are being rotated).
 *
 * @param primary the primary group key
 * @param secondary the secondary group key, or {@code null} when none is configured
 */
public record EnrollmentKeys(GroupKey primary, GroupKey secondary) {

	public EnrollmentKeys {
		Objects.requireNonNull(primary, "primary");
	}

	public boolean hasSecondary() {
		return this.secondary != null;
	}

	@Override
	public String toString() {
		// GroupKey hides itself already; spelled out so that a change there cannot leak a
		// key here
		return "EnrollmentKeys[primary=hidden, secondary=" + (hasSecondary() ? "hidden" : "none") + "]";
	}

}
