package io.dpsbatch.emulator;

import java.nio.file.Path;

/**
 * One enrollment the emulator serves, as an operator or a client needs to know it: its
 * name ({@code ""} for the default group of {@code emulator.group-key}), the ID scope of
 * its instance, and its keys: a group's two keys (secrets: print them on purpose only,
 * never log them), or the file of individual enrollments' keys.
 *
 * @param name the name under {@code emulator.enrollments}; {@code ""} for the default
 * group
 * @param idScope the ID scope of its instance
 * @param enrollmentGroupId a group's name in registration states; {@code null} for
 * individual enrollments
 * @param groupKey a group's primary key (base64); {@code null} for individual enrollments
 * @param secondaryGroupKey a group's secondary key; {@code null} for individual
 * enrollments
 * @param individualKeysFile the individual enrollments' keys file; {@code null} for a
 * group
 * @param individualEnrollments how many devices the keys file has; 0 for a group
 */
public record EmulatedEnrollment(String name, String idScope, String enrollmentGroupId, String groupKey,
		String secondaryGroupKey, Path individualKeysFile, int individualEnrollments) {

	public boolean isIndividual() {
		return this.individualKeysFile != null;
	}

	@Override
	public String toString() {
		return "EmulatedEnrollment[name=" + this.name + ", idScope=" + this.idScope + ", " + (isIndividual()
				? "individualKeysFile=" + this.individualKeysFile + " (" + this.individualEnrollments + " devices)"
				: "enrollmentGroupId=" + this.enrollmentGroupId + ", keys hidden") + "]";
	}

}
