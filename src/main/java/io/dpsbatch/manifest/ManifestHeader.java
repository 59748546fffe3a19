package io.dpsbatch.manifest;

import java.util.List;

/**
 * The columns of a manifest.
 *
 * @param columns every column name in file order, as written in the file (surrounding
 * whitespace removed)
 * @param attributeColumns the columns other than {@code registrationId}, {@code payload}
 * and {@code enrollment}, in file order and as written; they are carried through to the
 * outputs unchanged
 * @param hasPayload whether the manifest has a {@code payload} column
 * @param hasEnrollment whether the manifest has an {@code enrollment} column
 */
public record ManifestHeader(List<String> columns, List<String> attributeColumns, boolean hasPayload,
		boolean hasEnrollment) {

	public ManifestHeader {
		columns = List.copyOf(columns);
		attributeColumns = List.copyOf(attributeColumns);
	}

	/** A header without an {@code enrollment} column. */
	public ManifestHeader(List<String> columns, List<String> attributeColumns, boolean hasPayload) {
		this(columns, attributeColumns, hasPayload, false);
	}

}
