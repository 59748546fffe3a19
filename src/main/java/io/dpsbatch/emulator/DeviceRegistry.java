package io.dpsbatch.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import tools.jackson.databind.JsonNode;

/**
 * The registrations of one emulated DPS instance, in memory, keyed by lower-cased
 * registration ID (DPS IDs are case-insensitive; a registration ID is unique within an ID
 * scope, docs/dps.md#registration-ids).
 */
final class DeviceRegistry {

	private final ConcurrentHashMap<String, DeviceRecord> devices = new ConcurrentHashMap<>();

	private final AssignmentPolicy policy;

	private final Duration assignmentDelay;

	private final Clock clock;

	private final LongSupplier nanoTime;

	/** Like the instance part of real operation IDs ("5.316aac5bdc130deb.uuid"). */
	private final String operationIdPrefix;

	DeviceRegistry(AssignmentPolicy policy, Duration assignmentDelay, Clock clock, LongSupplier nanoTime) {
		this.policy = policy;
		this.assignmentDelay = assignmentDelay;
		this.clock = clock;
		this.nanoTime = nanoTime;
		this.operationIdPrefix = "5." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".";
	}

	/**
	 * Accepts a registration: the operation ends after the assignment delay.
	 * @param payload the device's payload ({@code null} for none): a custom allocation
	 * reads it
	 * @param apiVersion the register call's API version, which decides the substatus of a
	 * re-registration
	 * @param enrollmentGroupId the group whose key the device signed with; {@code null}
	 * for an individual enrollment
	 */
	Operation register(String registrationId, JsonNode payload, String apiVersion, String enrollmentGroupId) {
		return register(registrationId, payload, apiVersion, enrollmentGroupId, false);
	}

	/**
	 * Accepts a registration as {@link #register(String, JsonNode, String, String)} does.
	 * @param enrollmentDisabled whether the device's enrollment is disabled
	 * ({@code provisioningStatus: disabled}): the operation then ends {@code disabled},
	 * as DPS answers a device of a disabled enrollment
	 * (docs/dps.md#answers-and-registration-states)
	 */
	Operation register(String registrationId, JsonNode payload, String apiVersion, String enrollmentGroupId,
			boolean enrollmentDisabled) {
		Instant now = this.clock.instant();
		long completesAt = this.nanoTime.getAsLong() + this.assignmentDelay.toNanos();
		DeviceRecord device = this.devices.computeIfAbsent(RegistrationIds.key(registrationId),
				(key) -> new DeviceRecord());
		return device.register((previous) -> {
			boolean registeredBefore = previous.stream()
				.anyMatch((operation) -> operation.outcome() == AssignmentPolicy.Outcome.ASSIGNED);
			Instant createdAt = previous.isEmpty() ? now : previous.get(0).createdAt();
			AssignmentPolicy.Allocation allocation = enrollmentDisabled
					? new AssignmentPolicy.Allocation(AssignmentPolicy.Outcome.DISABLED, null, null)
					: this.policy.allocate(registrationId, payload);
			boolean reprovisioned = registeredBefore && ApiVersions.reportsReprovisioning(apiVersion);
			return new Operation(newOperationId(), registrationId, allocation.outcome(), allocation.hub(),
					reprovisioned ? Operation.REPROVISIONED : Operation.INITIAL_ASSIGNMENT, allocation.payload(),
					enrollmentGroupId, createdAt, now.plus(this.assignmentDelay), completesAt, newEtag());
		});
	}

	Optional<DeviceRecord> find(String registrationId) {
		return Optional.ofNullable(this.devices.get(RegistrationIds.key(registrationId)));
	}

	/**
	 * Deletes the device's registration record; {@code false} when it has none.
	 */
	boolean deleteRecord(String registrationId) {
		return find(registrationId).map(DeviceRecord::deleteRecord).orElse(false);
	}

	long nanoTime() {
		return this.nanoTime.getAsLong();
	}

	/**
	 * Per-device figures for {@link EmulatorCounts}; walks every device, so not for the
	 * hot path.
	 */
	Snapshot snapshot() {
		long now = this.nanoTime.getAsLong();
		Map<String, Integer> registrations = new HashMap<>();
		long assigned = 0;
		int moreThanOnce = 0;
		for (Map.Entry<String, DeviceRecord> entry : this.devices.entrySet()) {
			int count = entry.getValue().registrations();
			registrations.put(entry.getKey(), count);
			if (count > 1) {
				moreThanOnce++;
			}
			assigned += entry.getValue().assignedBy(now);
		}
		return new Snapshot(registrations, assigned, moreThanOnce);
	}

	record Snapshot(Map<String, Integer> registrationsByDevice, long assigned, int devicesRegisteredMoreThanOnce) {

	}

	private String newOperationId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return this.operationIdPrefix + uuid(random.nextLong(), random.nextLong());
	}

	static String newEtag() {
		// DPS etags are base64 of a quoted version string
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String version = "\"" + uuid(random.nextLong(), random.nextLong()) + "\"";
		return Base64.getEncoder().encodeToString(version.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * A version 4 UUID from a thread-local random: {@link java.util.UUID#randomUUID()}
	 * would make every request queue on the one SecureRandom, and these IDs need to be
	 * unique, not unguessable.
	 */
	static String uuid(long high, long low) {
		long versioned = (high & ~0xF000L) | 0x4000L;
		long variant = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(versioned, variant).toString();
	}

}
