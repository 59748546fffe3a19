package io.dpsbatch.service;

/**
 * What a bulk call does with each of its enrollments
 * (docs/dps.md#service-api-client-facts).
 */
public enum BulkMode {

	/** Creates each; one that exists already is a per-item error. */
	CREATE("create"),

	/** Creates or replaces each. */
	UPDATE("update"),

	/** Replaces each only if DPS still has the version its etag names. */
	UPDATE_IF_MATCH_ETAG("updateIfMatchETag"),

	/** Deletes each. */
	DELETE("delete");

	private final String value;

	BulkMode(String value) {
		this.value = value;
	}

	/** The mode as DPS spells it. */
	public String value() {
		return this.value;
	}

}
