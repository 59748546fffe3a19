package io.dpsbatch.manifest;

import java.util.List;

/**
 * The columns of a manifest.
 *
 * @param columns every column name in file order, as written in the file (surrounding whitespace removed)
 * @param attributeColumns the columns other than {@code registrationId} and {@code payload}, in file order and
 * as written; they are carried through to the outputs unchanged
 * @param hasPayload whether the manifest has a {@code payload} column
 */
public record ManifestHeader(List<String> columns, List<String> attributeColumns, boolean hasPayload) {

	public ManifestHeader {
		columns = List.copyOf(columns);
		attributeColumns = List.copyOf(attributeColumns);
	}

}
