package io.dpsbatch.emulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * DPS's JSON shapes as the emulator writes them (dps-protocol.md §1.5, §4.1), and the one mapper used to
 * read and write them. Absent values are left out, as DPS does.
 */
final class DpsJson {

	static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private DpsJson() {
	}

	/** RegistrationOperationStatus: the answer to register and to an operation poll. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record OperationStatus(String operationId, String status, RegistrationState registrationState) {

		/** The answer to register: always still assigning, even with no assignment delay (DPS answers 202). */
		static OperationStatus assigning(Operation operation) {
			return new OperationStatus(operation.operationId(), "assigning", null);
		}

		static OperationStatus of(Operation operation, long nowNanos) {
			if (!operation.completed(nowNanos)) {
				return assigning(operation);
			}
			return new OperationStatus(operation.operationId(), operation.outcome().status(),
					RegistrationState.of(operation, nowNanos));
		}

	}

	/** DeviceRegistrationResult: the registration state of a device after an operation. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record RegistrationState(String registrationId, String createdDateTimeUtc, String assignedHub, String deviceId,
			String status, String substatus, Integer errorCode, String errorMessage, String lastUpdatedDateTimeUtc,
			String etag, JsonNode payload) {

		static final int HUB_REFUSED_ERROR_CODE = 400209;

		static RegistrationState of(Operation operation, long nowNanos) {
			String created = operation.createdAt().toString();
			if (!operation.completed(nowNanos)) {
				return new RegistrationState(operation.registrationId(), created, null, null, "assigning", null, null,
						null, null, null, null);
			}
			String updated = operation.completedAt().toString();
			return switch (operation.outcome()) {
				case ASSIGNED -> new RegistrationState(operation.registrationId(), created, operation.assignedHub(),
						operation.registrationId(), "assigned", operation.substatus(), null, null, updated,
						operation.etag(), operation.payload());
				case DISABLED -> new RegistrationState(operation.registrationId(), created, null, null, "disabled", null,
						null, null, updated, operation.etag(), null);
				case FAILED -> new RegistrationState(operation.registrationId(), created, null, null, "failed", null,
						HUB_REFUSED_ERROR_CODE,
						"The IoT hub refused the device (the emulator fails it because it matches emulator.failing-ids)",
						updated, operation.etag(), null);
			};
		}

	}

	/** ProvisioningServiceErrorDetails. */
	record ErrorDetails(int errorCode, String trackingId, String message, String timestampUtc) {

	}

}
