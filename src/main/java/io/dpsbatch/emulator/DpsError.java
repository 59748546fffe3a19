package io.dpsbatch.emulator;

/**
 * The errors the emulator answers with. Codes seen from the real service
 * (docs/dps.md#errors) are used where known: 400004, 401002, 404201. The others follow
 * DPS's pattern (HTTP status times 1000 plus a number) but are the emulator's own choice;
 * clients should act on the HTTP status, as the SDKs do.
 */
enum DpsError {

	/** Missing api-version, malformed or mismatching body. */
	BAD_REQUEST(400, 400001, "Bad request"),

	/**
	 * A missing or unsupported api-version. DPS's body for it, as quoted in a user
	 * report, carries a 400004-style code with "Unsupported API version"
	 * (docs/dps.md#api-versions).
	 */
	UNSUPPORTED_API_VERSION(400, 400004, "Unsupported API version"),

	/** A registration ID DPS would not accept (its message, as seen from DPS). */
	INVALID_REGISTRATION_ID(400, 400004, "Invalid RegistrationId"),

	/**
	 * A missing, malformed, expired or wrongly signed SAS token (the message DPS gives).
	 */
	UNAUTHORIZED(401, 401002, "Unauthorized"),

	/**
	 * An unknown ID scope: DPS's "the DPS instance does not exist" (docs/dps.md#errors).
	 */
	UNKNOWN_ID_SCOPE(404, 404001, "Unknown ID scope"),

	/** A path that is not part of the device API. */
	NOT_FOUND(404, 404000, "Not found"),

	/** Status lookup of a device that was never registered (the code DPS gives). */
	REGISTRATION_NOT_FOUND(404, 404201, "Device registration not found"),

	/**
	 * Service API: no individual enrollment, enrollment group or registration record with
	 * this ID (the code of the device API's "no registration", which DPS gives for a
	 * missing record).
	 */
	RECORD_NOT_FOUND(404, 404201, "Not found"),

	/**
	 * Service API: a bulk {@code create} of an enrollment that exists (DPS's
	 * troubleshooting page lists 409 for "already exists"; the code follows DPS's
	 * pattern).
	 */
	CONFLICT(409, 409201, "The enrollment already exists"),

	/** Service API: {@code If-Match} names another etag than the record's. */
	PRECONDITION_FAILED(412, 412001, "The etag does not match"),

	/** Poll of an operation ID the device never got. */
	OPERATION_NOT_FOUND(404, 404202, "Operation not found"),

	METHOD_NOT_ALLOWED(405, 405000, "Method not allowed"),

	UNSUPPORTED_MEDIA_TYPE(415, 415000, "Content-Type must be application/json"),

	/**
	 * Registration quota, operations quota or per-device poll limit exceeded, or an
	 * injected throttle.
	 */
	THROTTLED(429, 429001, "Throttled"),

	INTERNAL_ERROR(500, 500000, "Internal server error"),

	SERVICE_UNAVAILABLE(503, 503000, "Service unavailable");

	private final int httpStatus;

	private final int errorCode;

	private final String message;

	DpsError(int httpStatus, int errorCode, String message) {
		this.httpStatus = httpStatus;
		this.errorCode = errorCode;
		this.message = message;
	}

	int httpStatus() {
		return this.httpStatus;
	}

	int errorCode() {
		return this.errorCode;
	}

	String message() {
		return this.message;
	}

}
