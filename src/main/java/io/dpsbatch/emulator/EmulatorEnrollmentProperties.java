package io.dpsbatch.emulator;

import java.nio.file.Path;

/**
 * One {@code emulator.enrollments.<name>.*}: a symmetric-key enrollment group, or a set
 * of individual enrollments, in the emulated DPS instance of its ID scope (several ID
 * scopes make several instances, each with its own registration quota and registrations,
 * as DPS counts its quota per instance: docs/dps.md#quotas-and-throttling).
 * {@link #toString()} never shows a key.
 *
 * @param idScope the instance it belongs to; default {@code emulator.id-scope}
 * @param groupKey a group's primary key (base64); when absent a random 64-byte key is
 * generated once and kept in {@code state-dir/group-key.<name>}
 * @param secondaryGroupKey a group's secondary key; generated and kept like the primary
 * when absent
 * @param enrollmentGroupId a group's name in
 * {@code registrationState.symmetricKey.enrollmentGroupId}; default: the enrollment's
 * name
 * @param individualKeysFile makes it individual enrollments: a CSV
 * {@code registrationId,primaryKey[,secondaryKey]} (the format
 * {@code dps.enrollments.<name>.individual-keys-file} reads), only its owner may read it
 * @param generateKeysFor a manifest: for its rows whose {@code enrollment} cell names
 * this enrollment and which {@code individualKeysFile} lacks, the emulator generates keys
 * (64 random bytes each, as DPS does) and adds them to the file (created 0600), so that
 * the same file serves the emulator and the client
 * @param acceptKeys which keys device signatures may come from: {@code PRIMARY},
 * {@code SECONDARY} or {@code BOTH} (default)
 */
public record EmulatorEnrollmentProperties(String idScope, String groupKey, String secondaryGroupKey,
		String enrollmentGroupId, Path individualKeysFile, Path generateKeysFor,
		EmulatorProperties.AcceptKeys acceptKeys) {

	public EmulatorEnrollmentProperties {
		idScope = blankToNull(idScope);
		groupKey = blankToNull(groupKey);
		secondaryGroupKey = blankToNull(secondaryGroupKey);
		enrollmentGroupId = blankToNull(enrollmentGroupId);
		acceptKeys = (acceptKeys != null) ? acceptKeys : EmulatorProperties.AcceptKeys.BOTH;
	}

	/**
	 * Checks what does not need the name's context; {@code prefix} is
	 * {@code emulator.enrollments.<name>}.
	 */
	void check(String prefix) {
		if (this.idScope != null && !this.idScope.matches("[A-Za-z0-9]{1,64}")) {
			throw new IllegalArgumentException(prefix + ".id-scope must be letters and digits, like 0ne00EMU002");
		}
		if (isIndividual()
				&& (this.groupKey != null || this.secondaryGroupKey != null || this.enrollmentGroupId != null)) {
			throw new IllegalArgumentException(prefix + " has an individual-keys-file and group settings (group-key,"
					+ " secondary-group-key, enrollment-group-id): it is a group or individual enrollments, not both");
		}
		if (this.generateKeysFor != null && !isIndividual()) {
			throw new IllegalArgumentException(prefix + ".generate-keys-for needs " + prefix
					+ ".individual-keys-file, the file the generated keys are written to");
		}
	}

	boolean isIndividual() {
		return this.individualKeysFile != null;
	}

	private static String blankToNull(String value) {
		return (value != null && !value.isBlank()) ? value.strip() : null;
	}

	@Override
	public String toString() {
		return "EmulatorEnrollmentProperties[idScope=" + this.idScope + ", groupKey="
				+ ((this.groupKey != null) ? "[hidden]" : "null") + ", secondaryGroupKey="
				+ ((this.secondaryGroupKey != null) ? "[hidden]" : "null") + ", enrollmentGroupId="
				+ this.enrollmentGroupId + ", individualKeysFile=" + this.individualKeysFile + ", generateKeysFor="
				+ this.generateKeysFor + ", acceptKeys=" + this.acceptKeys + "]";
	}

}
