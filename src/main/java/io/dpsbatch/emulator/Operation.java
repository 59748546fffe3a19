package io.dpsbatch.emulator;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One accepted registration of a device (one register call, one operation ID). Its
 * outcome is decided when it is created; it only becomes visible when
 * {@code completesAtNanos} has passed, which is how the emulator assigns asynchronously
 * without a timer per registration.
 *
 * @param operationId the ID the device polls
 * @param registrationId the registration ID as the device sent it
 * @param outcome how the operation ends
 * @param assignedHub the hub of an assigned device
 * @param substatus {@code initialAssignment} or {@code reprovisionedToInitialAssignment}
 * @param payload the payload DPS returns (a custom allocation's); {@code null} for none,
 * as with the default allocation
 * @param enrollmentGroupId the enrollment group the device's key was derived from;
 * {@code null} when the device signed with its individual enrollment's own key
 * @param createdAt when the device's registration record was first created
 * @param completedAt when this operation ends (wall clock)
 * @param completesAtNanos when this operation ends ({@link System#nanoTime()})
 * @param etag the registration record's etag after this operation
 */
record Operation(String operationId, String registrationId, AssignmentPolicy.Outcome outcome, String assignedHub,
		String substatus, JsonNode payload, String enrollmentGroupId, Instant createdAt, Instant completedAt,
		long completesAtNanos, String etag) {

	static final String INITIAL_ASSIGNMENT = "initialAssignment";

	static final String REPROVISIONED = "reprovisionedToInitialAssignment";

	boolean completed(long nowNanos) {
		return nowNanos - this.completesAtNanos >= 0;
	}

	boolean assigned(long nowNanos) {
		return this.outcome == AssignmentPolicy.Outcome.ASSIGNED && completed(nowNanos);
	}

}
