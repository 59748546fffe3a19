package io.dpsbatch.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * DPS's answer to a bulk call: whether every enrollment succeeded and, for those that did
 * not, why. Enrollments that are not among the errors succeeded.
 *
 * @param successful whether every enrollment succeeded
 * @param errors one per enrollment that failed
 */
public record BulkResult(@JsonProperty("isSuccessful") boolean successful, List<ItemError> errors) {

	public BulkResult {
		errors = (errors != null) ? List.copyOf(errors) : List.of();
	}

	/**
	 * The errors by registration ID, matched without regard to case (as DPS matches
	 * registration IDs).
	 */
	public Map<String, ItemError> errorsByRegistrationId() {
		Map<String, ItemError> byId = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		this.errors.forEach((error) -> byId.putIfAbsent(error.registrationId(), error));
		return byId;
	}

	/** Why the enrollment of {@code registrationId} failed; empty when it succeeded. */
	public Optional<ItemError> errorFor(String registrationId) {
		return Optional.ofNullable(errorsByRegistrationId().get(registrationId));
	}

	/**
	 * Why one enrollment of a bulk call failed.
	 *
	 * @param registrationId the enrollment's registration ID
	 * @param errorCode DPS's six-digit error code (HTTP status × 1000 + n, e.g. 409 for
	 * one that exists already)
	 * @param errorStatus DPS's message
	 */
	public record ItemError(String registrationId, int errorCode, String errorStatus) {

		/** The HTTP status the error code stands for: its first three digits. */
		public int httpStatus() {
			return (this.errorCode >= 100_000) ? this.errorCode / 1000 : this.errorCode;
		}

	}

}
