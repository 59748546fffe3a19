package io.dpsbatch.manifest;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a manifest query, read like the header of a manifest file: a column
 * {@code registration_id} counts as {@code registrationId} (SQL tables rarely use camel
 * case, and PostgreSQL folds unquoted names to lower case anyway), {@code payload} is the
 * payload, {@code enrollment} names the enrollment (NULL: the default one), every other
 * column is an attribute carried through under its name. The same rules as for a file
 * header apply.
 */
final class QueryColumns {

	static final String SNAKE_CASE_ID = "registration_id";

	private final ManifestHeader header;

	private final ColumnPositions positions;

	private QueryColumns(ManifestHeader header) {
		this.header = header;
		this.positions = ColumnPositions.of(header);
	}

	/**
	 * @param source how messages name the query
	 * @throws ManifestFormatException when the columns are not those of a manifest
	 */
	static QueryColumns of(ResultSetMetaData metaData, String source) throws SQLException {
		List<String> labels = new ArrayList<>(metaData.getColumnCount());
		for (int i = 1; i <= metaData.getColumnCount(); i++) {
			labels.add(metaData.getColumnLabel(i));
		}
		return of(labels, source);
	}

	static QueryColumns of(List<String> labels, String source) {
		boolean snakeCase = labels.stream().anyMatch((label) -> label.strip().equalsIgnoreCase(SNAKE_CASE_ID));
		boolean camelCase = labels.stream()
			.anyMatch((label) -> ManifestHeaderRules.isColumn(label.strip(), ManifestHeaderRules.REGISTRATION_ID));
		if (snakeCase && camelCase) {
			throw new ManifestFormatException(source,
					"the query has both a registration_id and a registrationId " + "column; select only one of them",
					null);
		}
		if (!snakeCase && !camelCase) {
			throw new ManifestFormatException(source, "the query has no registration_id (or registrationId) column; "
					+ "columns found: " + String.join(", ", labels), null);
		}
		List<String> names = labels.stream()
			.map((label) -> label.strip().equalsIgnoreCase(SNAKE_CASE_ID) ? ManifestHeaderRules.REGISTRATION_ID : label)
			.toList();
		return new QueryColumns(ManifestHeaderRules.headerOf(names,
				(problem) -> new ManifestFormatException(source, problem.replace("the header", "the query"), null)));
	}

	ManifestHeader header() {
		return this.header;
	}

	/**
	 * The current row of the result set as a manifest row. An SQL NULL is an empty cell:
	 * no registration ID (rejected), no payload, the default enrollment, an empty
	 * attribute.
	 * @param line the row's position in the query's result, from 1
	 */
	ManifestRow row(ResultSet rs, long line) throws SQLException {
		ColumnPositions at = this.positions;
		String registrationId = rs.getString(at.registrationId() + 1);
		String payload = (at.payload() >= 0) ? rs.getString(at.payload() + 1) : null;
		Map<String, String> attributes = new LinkedHashMap<>((int) (at.attributeNames().length / 0.75f) + 1);
		for (int i = 0; i < at.attributeNames().length; i++) {
			String value = rs.getString(at.attributes()[i] + 1);
			attributes.put(at.attributeNames()[i], (value != null) ? value : "");
		}
		String enrollment = (at.enrollment() >= 0) ? rs.getString(at.enrollment() + 1) : null;
		return new ManifestRow(line, (registrationId != null) ? registrationId : "",
				(payload != null && !payload.isBlank()) ? payload : null, attributes, null, enrollment);
	}

}
