package io.dpsbatch.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import io.dpsbatch.keys.DeviceKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The individual enrollments created through the service API in one emulated DPS
 * instance, by lower-cased registration ID (IDs are case-insensitive,
 * docs/dps.md#registration-ids). They live in memory, like registrations: the state
 * directory keeps only what must survive a restart for clients to keep working (keys and
 * TLS material), and a rehearsal creates its enrollments again.
 * <p>
 * Symmetric-key attestation only. Keys a caller leaves out are generated (64 random
 * bytes, what DPS generates); keys given must be base64 of 16 to 64 bytes
 * (docs/dps.md#individual-enrollments). An update that leaves the keys out keeps the
 * enrollment's keys, so that a read-modify-write through a plain {@code GET} (which never
 * returns keys) does not lock its device out. Changes are serialised (the service API is
 * slow by quota); reads take no lock.
 */
final class ServiceEnrollments {

	/**
	 * The most enrollments one bulk call may carry
	 * (docs/dps.md#bulk-enrollment-operation).
	 */
	static final int BULK_LIMIT = 10;

	private static final int MIN_KEY_BYTES = 16;

	private static final int MAX_KEY_BYTES = 64;

	private final NavigableMap<String, Enrollment> byKey = new ConcurrentSkipListMap<>();

	private final Clock clock;

	ServiceEnrollments(Clock clock) {
		this.clock = clock;
	}

	/**
	 * How a change treats an existing enrollment: the bulk modes of DPS
	 * (docs/dps.md#bulk-enrollment-operation); a single {@code PUT} is {@link #UPDATE}.
	 */
	enum Mode {

		CREATE("create"), UPDATE("update"), UPDATE_IF_MATCH_ETAG("updateIfMatchETag"), DELETE("delete");

		private final String json;

		Mode(String json) {
			this.json = json;
		}

		/** The mode of a bulk body's {@code mode}, or {@code null} for none. */
		static Mode of(String json) {
			for (Mode mode : values()) {
				if (mode.json.equalsIgnoreCase(json)) {
					return mode;
				}
			}
			return null;
		}

	}

	/**
	 * One enrollment: its keys and the JSON document DPS would return (with the keys).
	 *
	 * @param registrationId its registration ID as created
	 * @param primary the primary key
	 * @param secondary the secondary key
	 * @param disabled whether its {@code provisioningStatus} is {@code disabled}
	 * @param document the {@code IndividualEnrollment}, keys included
	 */
	record Enrollment(String registrationId, DeviceKey primary, DeviceKey secondary, boolean disabled,
			ObjectNode document) {

		/** The enrollment with its keys: the answer to a create or update. */
		ObjectNode withKeys() {
			return this.document.deepCopy();
		}

		/**
		 * The enrollment as a {@code GET} or a query returns it: {@code symmetricKey}
		 * without keys (docs/dps.md#service-api-endpoints).
		 */
		ObjectNode withoutKeys() {
			ObjectNode copy = this.document.deepCopy();
			((ObjectNode) copy.get("attestation")).putObject("symmetricKey");
			return copy;
		}

		/** {@code AttestationMechanism} with the keys. */
		JsonNode attestation() {
			return this.document.get("attestation").deepCopy();
		}

		String etag() {
			return this.document.get("etag").stringValue();
		}

		@Override
		public String toString() {
			return "Enrollment[registrationId=" + this.registrationId + ", disabled=" + this.disabled
					+ ", keys hidden]";
		}

	}

	/**
	 * What a change came to: the enrollment it made, or the error DPS answers with.
	 */
	record Outcome(Enrollment enrollment, boolean created, DpsError error, String message) {

		static Outcome refused(DpsError error, String message) {
			return new Outcome(null, false, error, message);
		}

		boolean failed() {
			return this.error != null;
		}

	}

	/**
	 * A page of a query and the continuation token of the next, {@code null} at the end.
	 */
	record Page(List<Enrollment> enrollments, String continuation) {

	}

	Optional<Enrollment> find(String registrationId) {
		return Optional.ofNullable(this.byKey.get(RegistrationIds.key(registrationId)));
	}

	int size() {
		return this.byKey.size();
	}

	/**
	 * Creates or updates the enrollment {@code registrationId} from its JSON.
	 * @param mode {@link Mode#CREATE} refuses an existing one (409),
	 * {@link Mode#UPDATE_IF_MATCH_ETAG} a missing one (404) or one whose etag is not
	 * {@code ifMatch} (412), {@link Mode#UPDATE} creates or updates
	 * @param ifMatch the etag the caller expects, {@code null} or {@code *} for any
	 */
	synchronized Outcome put(String registrationId, JsonNode body, Mode mode, String ifMatch) {
		if (body == null || !body.isObject()) {
			return Outcome.refused(DpsError.BAD_REQUEST, "An enrollment must be an IndividualEnrollment object");
		}
		JsonNode bodyId = body.get("registrationId");
		if (bodyId == null || !bodyId.isString() || !bodyId.stringValue().equalsIgnoreCase(registrationId)) {
			return Outcome.refused(DpsError.BAD_REQUEST,
					"The registrationId of the enrollment must be the registration ID of the path");
		}
		String key = RegistrationIds.key(registrationId);
		Enrollment existing = this.byKey.get(key);
		if (mode == Mode.CREATE && existing != null) {
			return Outcome.refused(DpsError.CONFLICT, "The enrollment " + registrationId + " already exists");
		}
		if (mode == Mode.UPDATE_IF_MATCH_ETAG && existing == null) {
			return Outcome.refused(DpsError.RECORD_NOT_FOUND, "No enrollment " + registrationId);
		}
		// updateIfMatchETag needs the etag; elsewhere If-Match is optional
		boolean anyEtag = mode != Mode.UPDATE_IF_MATCH_ETAG && anyEtag(ifMatch);
		if (!anyEtag && (existing == null || ifMatch == null || !existing.etag().equals(ifMatch.strip()))) {
			return Outcome.refused(DpsError.PRECONDITION_FAILED,
					"The etag does not match the enrollment " + registrationId);
		}
		JsonNode attestation = body.get("attestation");
		if (attestation == null || !attestation.isObject() || attestation.get("type") == null
				|| !"symmetricKey".equalsIgnoreCase(attestation.get("type").asString(""))) {
			return Outcome.refused(DpsError.BAD_REQUEST,
					"The emulator takes individual enrollments with symmetric key attestation only");
		}
		JsonNode symmetricKey = attestation.get("symmetricKey");
		String primary;
		String secondary;
		try {
			primary = keyOf(symmetricKey, "primaryKey", (existing != null) ? existing.primary() : null);
			secondary = keyOf(symmetricKey, "secondaryKey", (existing != null) ? existing.secondary() : null);
		}
		catch (IllegalArgumentException ex) {
			return Outcome.refused(DpsError.BAD_REQUEST, ex.getMessage());
		}
		JsonNode status = body.get("provisioningStatus");
		String provisioningStatus = (status == null || status.isNull()) ? "enabled"
				: status.asString("").toLowerCase(Locale.ROOT);
		if (!provisioningStatus.equals("enabled") && !provisioningStatus.equals("disabled")) {
			return Outcome.refused(DpsError.BAD_REQUEST, "provisioningStatus is enabled or disabled");
		}
		String now = EmulatorJson.timestamp(this.clock.instant());
		ObjectNode document = ((ObjectNode) body).deepCopy();
		// read-only fields of IndividualEnrollment are DPS's to set
		document.remove("registrationState");
		document.put("registrationId", (existing != null) ? existing.registrationId() : bodyId.stringValue());
		ObjectNode keys = document.putObject("attestation").put("type", "symmetricKey").putObject("symmetricKey");
		keys.put("primaryKey", primary);
		keys.put("secondaryKey", secondary);
		document.put("provisioningStatus", provisioningStatus);
		document.put("etag", DeviceRegistry.newEtag());
		document.put("createdDateTimeUtc",
				(existing != null) ? existing.document().get("createdDateTimeUtc").stringValue() : now);
		document.put("lastUpdatedDateTimeUtc", now);
		Enrollment enrollment = new Enrollment(document.get("registrationId").stringValue(),
				DeviceKey.fromBase64(primary, "the primary key"), DeviceKey.fromBase64(secondary, "the secondary key"),
				provisioningStatus.equals("disabled"), document);
		this.byKey.put(key, enrollment);
		return new Outcome(enrollment, existing == null, null, null);
	}

	/**
	 * Deletes an enrollment: 404 when there is none, 412 when {@code ifMatch} names
	 * another etag.
	 */
	synchronized Outcome delete(String registrationId, String ifMatch) {
		String key = RegistrationIds.key(registrationId);
		Enrollment existing = this.byKey.get(key);
		if (existing == null) {
			return Outcome.refused(DpsError.RECORD_NOT_FOUND, "No enrollment " + registrationId);
		}
		if (!anyEtag(ifMatch) && !existing.etag().equals(ifMatch.strip())) {
			return Outcome.refused(DpsError.PRECONDITION_FAILED,
					"The etag does not match the enrollment " + registrationId);
		}
		this.byKey.remove(key);
		return new Outcome(existing, false, null, null);
	}

	/**
	 * Up to {@code max} enrollments in registration ID order, after the one the
	 * continuation token names. The token is opaque to clients (the last ID of the
	 * previous page, encoded), so pages stay right while enrollments come and go.
	 * @throws IllegalArgumentException when the token is not one this emulator gave
	 */
	Page page(String continuation, int max) {
		NavigableMap<String, Enrollment> rest = this.byKey;
		if (continuation != null && !continuation.isBlank()) {
			String after = new String(Base64.getUrlDecoder().decode(continuation.strip()), StandardCharsets.UTF_8);
			rest = this.byKey.tailMap(after, false);
		}
		List<Enrollment> page = new ArrayList<>(Math.min(max, 64));
		String last = null;
		for (Map.Entry<String, Enrollment> entry : rest.entrySet()) {
			if (page.size() == max) {
				String token = Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(last.getBytes(StandardCharsets.UTF_8));
				return new Page(page, token);
			}
			page.add(entry.getValue());
			last = entry.getKey();
		}
		return new Page(page, null);
	}

	private static boolean anyEtag(String ifMatch) {
		return ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*");
	}

	/**
	 * A key of the body: given (base64 of 16 to 64 bytes), else the existing one, else a
	 * new one.
	 */
	private static String keyOf(JsonNode symmetricKey, String field, DeviceKey existing) {
		JsonNode value = (symmetricKey != null && symmetricKey.isObject()) ? symmetricKey.get(field) : null;
		if (value == null || value.isNull() || value.asString("").isEmpty()) {
			return (existing != null) ? existing.toBase64() : EnrollmentGroupKeys.newKey();
		}
		byte[] decoded;
		try {
			decoded = Base64.getDecoder().decode(value.asString(""));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(field + " is not base64");
		}
		if (decoded.length < MIN_KEY_BYTES || decoded.length > MAX_KEY_BYTES) {
			throw new IllegalArgumentException(field + " must be 16 to 64 bytes, base64");
		}
		return value.asString("");
	}

}
