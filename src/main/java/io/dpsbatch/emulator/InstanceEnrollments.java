package io.dpsbatch.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.dpsbatch.keys.DeviceKey;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.keys.IndividualKeys;
import io.dpsbatch.keys.IndividualKeysFile;

/**
 * The enrollments of one emulated DPS instance, and which keys a device's SAS token may
 * be signed with.
 * <p>
 * DPS "first looks for an individual enrollment that matches the device's credentials.
 * The service then searches enrollment groups" (how-to-revoke-device-access-portal, where
 * a disabled individual enrollment blocks a device even if an enabled group would take
 * it). So a device with an individual enrollment here signs with that enrollment's own
 * keys (concepts-symmetric-key-attestation: "For individual enrollments, this signature
 * is produced by using the symmetric key (primary or secondary)"), and a key derived from
 * a group key is refused for it; any other device signs with a key derived from one of
 * the groups' keys, and the group whose key verifies is the one its registration state
 * names. (The documentation says this for X.509; for symmetric keys it is our reading of
 * the same order.)
 */
final class InstanceEnrollments {

	/**
	 * A key a device may sign with: its own, or one derived from a group key when it is
	 * needed (most devices sign with the first one tried, so the others are never
	 * derived); and the enrollment group it proves, {@code null} for an individual
	 * enrollment.
	 */
	record Candidate(DeviceKey ownKey, GroupKey groupKey, String enrollmentGroupId) {

		DeviceKey keyFor(String registrationId) {
			return (this.ownKey != null) ? this.ownKey : this.groupKey.deriveDeviceKey(registrationId);
		}

		@Override
		public String toString() {
			return "Candidate[key=hidden, enrollmentGroupId=" + this.enrollmentGroupId + "]";
		}

	}

	/** A group of the instance and the keys it accepts. */
	record Group(String enrollmentGroupId, List<GroupKey> accepted) {

	}

	/** A set of individual enrollments and which of each device's keys it accepts. */
	record IndividualSet(IndividualKeysFile keys, EmulatorProperties.AcceptKeys accept) {

	}

	private final List<Candidate> groupKeys;

	private final List<IndividualSet> individuals;

	InstanceEnrollments(List<Group> groups, List<IndividualSet> individuals) {
		List<Candidate> groupKeys = new ArrayList<>();
		for (Group group : groups) {
			for (GroupKey key : group.accepted()) {
				groupKeys.add(new Candidate(null, key, group.enrollmentGroupId()));
			}
		}
		this.groupKeys = List.copyOf(groupKeys);
		this.individuals = List.copyOf(individuals);
	}

	/** The keys the device may have signed with, in the order DPS would try them. */
	List<Candidate> candidates(String registrationId) {
		for (IndividualSet set : this.individuals) {
			Optional<IndividualKeys> own = set.keys().find(registrationId);
			if (own.isPresent()) {
				List<Candidate> keys = new ArrayList<>(2);
				if (set.accept().primary()) {
					keys.add(new Candidate(own.get().primary(), null, null));
				}
				if (set.accept().secondary() && own.get().hasSecondary()) {
					keys.add(new Candidate(own.get().secondary(), null, null));
				}
				return keys;
			}
		}
		return this.groupKeys;
	}

}
