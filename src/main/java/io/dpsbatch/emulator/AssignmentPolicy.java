package io.dpsbatch.emulator;

import java.util.List;

import io.dpsbatch.manifest.RegistrationIdRules;

/**
 * What the emulator's enrollment group does with a device: which hub it goes to and whether its
 * registration ends assigned, disabled or failed. The hub is a pure function of the lower-cased ID,
 * so a device always lands on the same hub, in every run and every JVM.
 */
final class AssignmentPolicy {

	private final List<String> hubs;

	private final IdPatterns disabledIds;

	private final IdPatterns failingIds;

	AssignmentPolicy(List<String> hubs, IdPatterns disabledIds, IdPatterns failingIds) {
		if (hubs.isEmpty()) {
			throw new IllegalArgumentException("at least one hub is needed");
		}
		this.hubs = List.copyOf(hubs);
		this.disabledIds = disabledIds;
		this.failingIds = failingIds;
	}

	/** How a registration of this device ends. A disabled enrollment wins over a failure, as in DPS. */
	Outcome outcomeFor(String registrationId) {
		if (this.disabledIds.matches(registrationId)) {
			return Outcome.DISABLED;
		}
		if (this.failingIds.matches(registrationId)) {
			return Outcome.FAILED;
		}
		return Outcome.ASSIGNED;
	}

	String hubFor(String registrationId) {
		// String.hashCode is specified by the JLS, so it is stable; the finaliser of MurmurHash3 spreads
		// IDs that differ only in their last characters (dev-0001, dev-0002 ...) over all hubs
		int hash = RegistrationIdRules.identityKey(registrationId).hashCode();
		hash ^= hash >>> 16;
		hash *= 0x85ebca6b;
		hash ^= hash >>> 13;
		hash *= 0xc2b2ae35;
		hash ^= hash >>> 16;
		return this.hubs.get(Math.floorMod(hash, this.hubs.size()));
	}

	/** The final status of a registration operation, with its DPS spelling. */
	enum Outcome {

		ASSIGNED("assigned"), DISABLED("disabled"), FAILED("failed");

		private final String status;

		Outcome(String status) {
			this.status = status;
		}

		String status() {
			return this.status;
		}

	}

}
