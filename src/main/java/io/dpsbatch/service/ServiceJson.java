package io.dpsbatch.service;

import java.util.List;
import java.util.Optional;

import io.dpsbatch.dps.DpsReply;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the service API's JSON. DPS adds fields over time, so unknown ones are
 * ignored; {@code null} fields are never sent (the records say so), so that DPS applies
 * its defaults.
 */
final class ServiceJson {

	private static final TypeReference<List<IndividualEnrollment>> ENROLLMENTS = new TypeReference<>() {
	};

	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	String write(Object value) {
		return this.mapper.writeValueAsString(value);
	}

	String bulkBody(BulkMode mode, List<IndividualEnrollment> enrollments) {
		ObjectNode body = this.mapper.createObjectNode();
		body.put("mode", mode.value());
		body.set("enrollments", this.mapper.valueToTree(enrollments));
		return this.mapper.writeValueAsString(body);
	}

	String queryBody(String query) {
		return this.mapper.writeValueAsString(this.mapper.createObjectNode().put("query", query));
	}

	/**
	 * @throws ServiceApiException when a success answer's body is not what the API
	 * promises
	 */
	<T> T read(DpsReply reply, Class<T> type, String call) {
		try {
			T value = this.mapper.readValue(reply.body(), type);
			if (value == null) {
				throw new ServiceApiException(call + " answered " + reply.status() + " without a body", reply.status(),
						null, null, null, false, null);
			}
			return value;
		}
		catch (JacksonException ex) {
			throw unreadable(reply, call, ex);
		}
	}

	List<IndividualEnrollment> readEnrollments(DpsReply reply, String call) {
		try {
			List<IndividualEnrollment> page = this.mapper.readValue(reply.body(), ENROLLMENTS);
			return (page != null) ? page : List.of();
		}
		catch (JacksonException ex) {
			throw unreadable(reply, call, ex);
		}
	}

	private static ServiceApiException unreadable(DpsReply reply, String call, JacksonException ex) {
		// the parser's message may quote the body, which can hold keys: only its kind is
		// passed on
		return new ServiceApiException(call + " answered " + reply.status()
				+ " with a body that is not what the service API promises (" + ex.getClass().getSimpleName() + ")",
				reply.status(), null, null, null, false, null);
	}

	/**
	 * DPS's error body {@code {errorCode, trackingId, message}}, the error code from the
	 * {@code x-ms-error-code} header when the body has none; empty parts when the body is
	 * not an error body.
	 */
	ErrorDetails error(DpsReply reply) {
		ErrorDetails details = new ErrorDetails(null, null, null);
		try {
			if (!reply.body().isBlank()) {
				ErrorDetails read = this.mapper.readValue(reply.body(), ErrorDetails.class);
				details = (read != null) ? read : details;
			}
		}
		catch (JacksonException ex) {
			// not an error body (a proxy's page, say): the status alone tells
		}
		if (details.errorCode() == null) {
			Integer fromHeader = reply.headers()
				.firstValue("x-ms-error-code")
				.flatMap(ServiceJson::integer)
				.orElse(null);
			details = new ErrorDetails(fromHeader, details.trackingId(), details.message());
		}
		return details;
	}

	private static Optional<Integer> integer(String value) {
		try {
			return Optional.of(Integer.valueOf(value.strip()));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The error body of the service API.
	 *
	 * @param errorCode six digits: HTTP status × 1000 + n
	 * @param trackingId for Microsoft support
	 * @param message DPS's message
	 */
	record ErrorDetails(Integer errorCode, String trackingId, String message) {

	}

}
