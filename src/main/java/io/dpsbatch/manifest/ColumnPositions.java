package io.dpsbatch.manifest;

import java.util.List;

/**
 * Where a manifest's cells stand, by position (from 0), as a file's header row or a
 * query's columns give them: read once per manifest, so that each row is read by index
 * rather than by name.
 *
 * @param registrationId the position of {@code registrationId}
 * @param payload the position of {@code payload}, or -1 when there is none
 * @param enrollment the position of {@code enrollment}, or -1 when there is none
 * @param attributeNames the attribute columns, in the manifest's order
 * @param attributes the position of each attribute column, in the same order
 */
record ColumnPositions(int registrationId, int payload, int enrollment, String[] attributeNames, int[] attributes) {

	static ColumnPositions of(ManifestHeader header) {
		List<String> columns = header.columns();
		List<String> attributeColumns = header.attributeColumns();
		// header names are unique, so each attribute's position is that of its name
		return new ColumnPositions(ManifestHeaderRules.indexOf(columns, ManifestHeaderRules.REGISTRATION_ID),
				ManifestHeaderRules.indexOf(columns, ManifestHeaderRules.PAYLOAD),
				ManifestHeaderRules.indexOf(columns, ManifestHeaderRules.ENROLLMENT),
				attributeColumns.toArray(String[]::new),
				attributeColumns.stream().mapToInt(columns::indexOf).toArray());
	}

}
