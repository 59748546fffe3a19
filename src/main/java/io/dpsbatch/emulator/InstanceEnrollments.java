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
 * <p>
 * Individual enrollments created through the service API ({@link ServiceEnrollments})
 * come first of all: they are the instance's newest word on a device. A disabled one
 * blocks its device whatever key it signs with, its own or one derived from a group's
 * (the device registers as {@code disabled}), as a disabled individual enrollment
 * overrides a group in DPS.
 */
final class InstanceEnrollments {

	/**
	 * A key a device may sign with: its own, or one derived from a group key when it is
	 * needed (most devices sign with the first one tried, so the others are never
	 * derived); and the enrollment group it proves, {@code null} for an individual
	 * enrollment; and whether the enrollment that decides the device is disabled.
	 */
	record Candidate(DeviceKey ownKey, GroupKey groupKey, String enrollmentGroupId, boolean disabled) {

		Candidate(DeviceKey ownKey, GroupKey groupKey, String enrollmentGroupId) {
			this(ownKey, groupKey, enrollmentGroupId, false);
		}

		DeviceKey keyFor(String registrationId) {
			return (this.ownKey != null) ? this.ownKey : this.groupKey.deriveDeviceKey(registrationId);
		}

		@Override
		public String toString() {
			return "Candidate[key=hidden, enrollmentGroupId=" + this.enrollmentGroupId + ", disabled=" + this.disabled
					+ "]";
		}

	}

	/** A group of the instance and its keys. */
	record Group(String enrollmentGroupId, EnrollmentGroupKeys keys) {

		/** The keys device keys may be derived from. */
		List<GroupKey> accepted() {
			return this.keys.accepted();
		}

	}

	/** A set of individual enrollments and which of each device's keys it accepts. */
	record IndividualSet(IndividualKeysFile keys, EmulatorProperties.AcceptKeys accept) {

	}

	private final List<Candidate> groupKeys;

	private final List<Group> groups;

	private final List<IndividualSet> individuals;

	private final ServiceEnrollments created;

	InstanceEnrollments(List<Group> groups, List<IndividualSet> individuals, ServiceEnrollments created) {
		this.created = created;
		List<Candidate> groupKeys = new ArrayList<>();
		for (Group group : groups) {
			for (GroupKey key : group.accepted()) {
				groupKeys.add(new Candidate(null, key, group.enrollmentGroupId()));
			}
		}
		this.groupKeys = List.copyOf(groupKeys);
		this.groups = List.copyOf(groups);
		this.individuals = List.copyOf(individuals);
	}

	/** The keys the device may have signed with, in the order DPS would try them. */
	List<Candidate> candidates(String registrationId) {
		Optional<ServiceEnrollments.Enrollment> created = this.created.find(registrationId);
		if (created.isPresent()) {
			ServiceEnrollments.Enrollment enrollment = created.get();
			List<Candidate> keys = new ArrayList<>();
			keys.add(new Candidate(enrollment.primary(), null, null, enrollment.disabled()));
			keys.add(new Candidate(enrollment.secondary(), null, null, enrollment.disabled()));
			if (enrollment.disabled()) {
				for (Candidate group : this.groupKeys) {
					keys.add(new Candidate(null, group.groupKey(), null, true));
				}
			}
			return keys;
		}
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

	/** The individual enrollments created through the service API. */
	ServiceEnrollments created() {
		return this.created;
	}

	/** The group of this ID, {@code null} when the instance has none. */
	Group group(String enrollmentGroupId) {
		for (Group group : this.groups) {
			if (group.enrollmentGroupId().equalsIgnoreCase(enrollmentGroupId)) {
				return group;
			}
		}
		return null;
	}

}
