package io.dpsbatch.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * DPS's JSON shapes as the emulator writes them
 * (docs/dps.md#answers-and-registration-states, docs/dps.md#errors), and the one mapper
 * used to read and write them. Absent values are left out, as DPS does.
 */
final class EmulatorJson {

	static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/**
	 * DPS writes UTC timestamps with 7 fraction digits (.NET ticks):
	 * "2022-08-31T22:02:50.5163352Z".
	 */
	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private EmulatorJson() {
	}

	static String timestamp(Instant instant) {
		return TIMESTAMP.format(instant);
	}

	/** RegistrationOperationStatus: the answer to register and to an operation poll. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record OperationStatus(String operationId, String status, RegistrationState registrationState) {

		/**
		 * The answer to register: always still assigning, even with no assignment delay
		 * (DPS answers 202), and without a registration state, as in DPS's documented
		 * example (docs/dps.md#registration).
		 */
		static OperationStatus assigning(Operation operation) {
			return new OperationStatus(operation.operationId(), "assigning", null);
		}

		/**
		 * The answer to a poll. While assigning, DPS adds a registration state with only
		 * the ID and the status (a real device log and the Python SDK's test fixtures,
		 * docs/dps.md#answers-and-registration-states).
		 */
		static OperationStatus of(Operation operation, long nowNanos) {
			if (!operation.completed(nowNanos)) {
				return new OperationStatus(operation.operationId(), "assigning",
						RegistrationState.of(operation, nowNanos));
			}
			return new OperationStatus(operation.operationId(), operation.outcome().status(),
					RegistrationState.of(operation, nowNanos));
		}

	}

	/**
	 * DeviceRegistrationResult: the registration state of a device after an operation.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record RegistrationState(SymmetricKey symmetricKey, String registrationId, String createdDateTimeUtc,
			String assignedHub, String deviceId, String status, String substatus, Integer errorCode,
			String errorMessage, String lastUpdatedDateTimeUtc, String etag, JsonNode payload) {

		static final int HUB_REFUSED_ERROR_CODE = 400209;

		static RegistrationState of(Operation operation, long nowNanos) {
			if (!operation.completed(nowNanos)) {
				return new RegistrationState(null, operation.registrationId(), null, null, null, "assigning", null,
						null, null, null, null, null);
			}
			// an individual enrollment has no group: {"symmetricKey":{}} (the spec's
			// SymmetricKeyRegistrationResult has only enrollmentGroupId; what DPS writes
			// for an individual enrollment is not documented)
			SymmetricKey group = new SymmetricKey(operation.enrollmentGroupId());
			String created = timestamp(operation.createdAt());
			String updated = timestamp(operation.completedAt());
			return switch (operation.outcome()) {
				case ASSIGNED -> new RegistrationState(group, operation.registrationId(), created,
						operation.assignedHub(), operation.registrationId(), "assigned", operation.substatus(), null,
						null, updated, operation.etag(), operation.payload());
				case DISABLED -> new RegistrationState(group, operation.registrationId(), created, null, null,
						"disabled", null, null, null, updated, operation.etag(), null);
				case FAILED -> new RegistrationState(group, operation.registrationId(), created, null, null, "failed",
						null, HUB_REFUSED_ERROR_CODE,
						"The IoT hub refused the device (the emulator fails it because it matches emulator.failing-ids)",
						updated, operation.etag(), null);
			};
		}

	}

	/**
	 * The symmetric-key part of a registration state: the group that matched, never a key
	 * (docs/dps.md#answers-and-registration-states).
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SymmetricKey(String enrollmentGroupId) {

	}

	/**
	 * BulkEnrollmentOperationResult: {@code isSuccessful} and the enrollments that failed
	 * (docs/dps.md#bulk-enrollment-operation).
	 */
	@JsonPropertyOrder({ "isSuccessful", "errors" })
	record BulkResult(@JsonProperty("isSuccessful") boolean successful, List<BulkError> errors) {

	}

	/** BulkEnrollmentOperationError: an integer errorCode, as DPS's error bodies have. */
	record BulkError(String registrationId, int errorCode, String errorStatus) {

	}

	/** ProvisioningServiceErrorDetails. */
	record ErrorDetails(int errorCode, String trackingId, String message, String timestampUtc) {

	}

}
