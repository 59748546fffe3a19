package io.dpsbatch.store;

import java.util.Map;

/**
 * A manifest row on its way into the store.
 *
 * @param line the manifest line the row starts on
 * @param registrationId the ID as written
 * @param payload the custom allocation payload (JSON object text) or {@code null}
 * @param attributes the attribute columns, in order
 * @param rejectReason why the row is refused, or {@code null} for a valid row (duplicates
 * are found by the store)
 * @param enrollment the name of the enrollment that registers the device, in lower case;
 * {@code ""} for the default enrollment (and for a rejected row)
 */
public record ImportedRow(long line, String registrationId, String payload, Map<String, String> attributes,
		String rejectReason, String enrollment) {

	public ImportedRow {
		enrollment = (enrollment != null) ? enrollment : "";
	}

	/** A row of the default enrollment. */
	public ImportedRow(long line, String registrationId, String payload, Map<String, String> attributes,
			String rejectReason) {
		this(line, registrationId, payload, attributes, rejectReason, "");
	}

}
