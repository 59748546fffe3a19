package io.dpsbatch.dps;

import java.util.Optional;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes DPS's JSON. A body that does not have the shape the protocol promises
 * reads as empty, which the caller treats like a broken answer (retried), never as a
 * final status.
 */
final class DpsJson {

	static final String ASSIGNED = "assigned";

	static final String ASSIGNING = "assigning";

	static final String UNASSIGNED = "unassigned";

	static final String FAILED = "failed";

	static final String DISABLED = "disabled";

	private static final Set<String> STATUSES = Set.of(ASSIGNED, ASSIGNING, UNASSIGNED, FAILED, DISABLED);

	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/**
	 * The register body: the registration ID and, when given, the custom allocation
	 * payload embedded as a JSON object (DPS hands it to a custom allocation function as
	 * such, not as a string).
	 * @throws IllegalArgumentException when the payload is not a JSON object
	 */
	String registrationBody(String registrationId, String payloadJson) {
		ObjectNode body = this.mapper.createObjectNode();
		body.put("registrationId", registrationId);
		if (payloadJson != null) {
			body.set("payload", payloadObject(payloadJson));
		}
		return this.mapper.writeValueAsString(body);
	}

	String lookupBody(String registrationId) {
		return this.mapper.writeValueAsString(this.mapper.createObjectNode().put("registrationId", registrationId));
	}

	/**
	 * An operation status with a known status, an operation to poll while not final, a
	 * state when assigned.
	 */
	Optional<RegistrationOperationStatus> operationStatus(String body) {
		return read(body, RegistrationOperationStatus.class)
			.filter((status) -> status.status() != null && STATUSES.contains(status.status()))
			.filter((status) -> isFinal(status.status()) || hasText(status.operationId()))
			.filter((status) -> !ASSIGNED.equals(status.status()) || status.registrationState() != null);
	}

	/** A status lookup's answer, which must at least say the device's status. */
	Optional<DeviceRegistrationResult> registrationResult(String body) {
		return read(body, DeviceRegistrationResult.class).filter((result) -> hasText(result.status()));
	}

	Optional<ProvisioningServiceErrorDetails> errorDetails(String body) {
		return read(body, ProvisioningServiceErrorDetails.class);
	}

	static boolean isFinal(String status) {
		return ASSIGNED.equals(status) || FAILED.equals(status) || DISABLED.equals(status);
	}

	private JsonNode payloadObject(String payloadJson) {
		JsonNode payload;
		try {
			payload = this.mapper.readTree(payloadJson);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("the payload is not valid JSON", ex);
		}
		if (payload == null || !payload.isObject()) {
			throw new IllegalArgumentException("the payload is not a JSON object");
		}
		return payload;
	}

	private <T> Optional<T> read(String body, Class<T> type) {
		if (!hasText(body)) {
			return Optional.empty();
		}
		try {
			return Optional.ofNullable(this.mapper.readValue(body, type));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
