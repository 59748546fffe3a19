package io.dpsbatch.emulator;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * What the emulator's enrollment group does with a device: which hub it goes to, whether
 * its registration ends assigned, disabled or failed, and what payload DPS returns. By
 * default (DPS's evenly weighted distribution) the hub is a pure function of the
 * lower-cased ID, so a device always lands on the same hub, in every run and every JVM,
 * and no payload is returned; a {@link CustomAllocation} decides both from the device's
 * payload instead.
 */
final class AssignmentPolicy {

	private final List<String> hubs;

	private final IdPatterns disabledIds;

	private final IdPatterns failingIds;

	private final CustomAllocation customAllocation;

	AssignmentPolicy(List<String> hubs, IdPatterns disabledIds, IdPatterns failingIds) {
		this(hubs, disabledIds, failingIds, CustomAllocation.none());
	}

	AssignmentPolicy(List<String> hubs, IdPatterns disabledIds, IdPatterns failingIds,
			CustomAllocation customAllocation) {
		if (hubs.isEmpty()) {
			throw new IllegalArgumentException("at least one hub is needed");
		}
		this.hubs = List.copyOf(hubs);
		this.disabledIds = disabledIds;
		this.failingIds = failingIds;
		this.customAllocation = customAllocation;
	}

	/**
	 * The hub and returned payload of a device that sent this payload ({@code null} for
	 * none).
	 */
	Allocation allocate(String registrationId, JsonNode devicePayload) {
		Outcome outcome = outcomeFor(registrationId);
		CustomAllocation.Rule rule = this.customAllocation.enabled() ? this.customAllocation.ruleFor(devicePayload)
				: null;
		if (rule == null) {
			return new Allocation(outcome, hubFor(registrationId), null);
		}
		String hub = (rule.hub() != null) ? rule.hub() : hubFor(registrationId);
		return new Allocation(outcome, hub, rule.returnedPayload());
	}

	/**
	 * @param outcome how the registration ends
	 * @param hub the hub of an assigned device
	 * @param payload what DPS returns in {@code registrationState.payload}; {@code null}
	 * for none
	 */
	record Allocation(Outcome outcome, String hub, JsonNode payload) {

	}

	/**
	 * How a registration of this device ends. A disabled enrollment wins over a failure,
	 * as in DPS.
	 */
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
		// String.hashCode is specified by the JLS, so it is stable; the finaliser of
		// MurmurHash3 spreads IDs that differ only in their last characters (dev-0001,
		// dev-0002 ...) over all hubs
		int hash = RegistrationIds.key(registrationId).hashCode();
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
