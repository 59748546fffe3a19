package io.dpsbatch.manifest;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * One data record of a manifest, as written in the file: nothing is trimmed or changed.
 * {@link ManifestRowValidator} says whether it can be registered.
 *
 * @param line the physical line (1-based, the header is line 1) where the record starts;
 * a record with a quoted line break spans several lines
 * @param registrationId the registration ID cell exactly as written ({@code ""} when the
 * cell is missing)
 * @param payload the payload cell, a JSON object as text, or {@code null} when there is
 * no payload column or the cell is empty or blank
 * @param attributes the other columns in header order, keyed by the header names as
 * written; a missing trailing cell is an empty value
 * @param readProblem why the record itself cannot be a device (it has more fields than
 * the header, or lacks the registrationId or payload cell), or {@code null}; the other
 * components then hold what could be read so that the reject can still name the
 * registration ID
 * @param enrollment the {@code enrollment} cell as written, the name of the enrollment
 * that registers the device; {@code null} when there is no enrollment column or the cell
 * is empty, blank or missing (the default enrollment). Not an attribute.
 */
public record ManifestRow(long line, String registrationId, String payload, Map<String, String> attributes,
		String readProblem, String enrollment) {

	public ManifestRow {
		Objects.requireNonNull(registrationId, "registrationId");
		attributes = Collections.unmodifiableMap(Objects.requireNonNull(attributes, "attributes"));
		enrollment = (enrollment != null && !enrollment.isBlank()) ? enrollment : null;
	}

	/** A row of the default enrollment. */
	public ManifestRow(long line, String registrationId, String payload, Map<String, String> attributes,
			String readProblem) {
		this(line, registrationId, payload, attributes, readProblem, null);
	}

	/** A row of the default enrollment read without a problem. */
	public ManifestRow(long line, String registrationId, String payload, Map<String, String> attributes) {
		this(line, registrationId, payload, attributes, null, null);
	}

}
