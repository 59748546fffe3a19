package io.dpsbatch.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a manifest's header row must be: at most {@value #MAX_COLUMNS} named columns, no
 * name twice, a {@code registrationId} column, and no name of a column the tool writes
 * itself. Names are trimmed and matched without regard to case. {@code payload} and
 * {@code enrollment} are optional and not attributes.
 */
final class ManifestHeaderRules {

	static final String REGISTRATION_ID = "registrationId";

	static final String PAYLOAD = "payload";

	/** The name of the enrollment that registers the row's device; not an attribute. */
	static final String ENROLLMENT = "enrollment";

	/**
	 * Columns of the tool's output files; an attribute of that name would collide with
	 * them there. Not {@code line}: the product contract names the production line as a
	 * typical attribute, and the only file with a {@code line} column (rejects.csv) does
	 * not carry attributes.
	 */
	static final List<String> OUTPUT_COLUMNS = List.of("deviceId", "assignedHub", "idScope", "deviceKey", "substatus",
			"status", "errorCode", "errorMessage", "attempts", "reason");

	/**
	 * Far more than any device manifest needs, low enough that a row's attributes stay
	 * small.
	 */
	static final int MAX_COLUMNS = 256;

	private static final Set<String> OUTPUT_COLUMN_KEYS = OUTPUT_COLUMNS.stream()
		.map(ManifestHeaderRules::key)
		.collect(Collectors.toUnmodifiableSet());

	private static final int LISTED_COLUMNS = 20;

	private ManifestHeaderRules() {
	}

	/**
	 * The header that the cells of a header row describe.
	 * @throws ManifestFormatException naming the file, the header's line and the problem
	 */
	static ManifestHeader headerOf(List<String> cells, Path file, long line) {
		return headerOf(cells, (problem) -> new ManifestFormatException(file, line, problem));
	}

	/**
	 * The header that a list of column names describes, wherever they come from (a CSV
	 * header row, the columns of a query).
	 * @param refusal makes the exception that names the source and the problem
	 */
	static ManifestHeader headerOf(List<String> cells, Function<String, ManifestFormatException> refusal) {
		if (cells.size() > MAX_COLUMNS) {
			throw refusal
				.apply("the header has " + cells.size() + " columns; at most " + MAX_COLUMNS + " are supported");
		}
		List<String> columns = new ArrayList<>(cells.size());
		Map<String, Integer> indexByKey = new HashMap<>();
		for (int i = 0; i < cells.size(); i++) {
			String name = cells.get(i).strip();
			if (name.isEmpty()) {
				String hint = (i == cells.size() - 1 && i > 0) ? " (a comma at the end of the header line?)" : "";
				throw refusal
					.apply("column " + (i + 1) + " of the header has no name" + hint + "; every column needs one");
			}
			Integer earlier = indexByKey.putIfAbsent(key(name), i);
			if (earlier != null) {
				throw refusal.apply("the header has column '" + columns.get(earlier) + "' twice (columns "
						+ (earlier + 1) + " and " + (i + 1) + "; column names are matched without regard to case)");
			}
			columns.add(name);
		}
		if (!indexByKey.containsKey(key(REGISTRATION_ID))) {
			throw refusal.apply(noRegistrationIdColumn(columns));
		}
		for (String column : columns) {
			if (OUTPUT_COLUMN_KEYS.contains(key(column))) {
				throw refusal.apply("column '" + column + "' has the name of a column of the tool's output files ("
						+ String.join(", ", OUTPUT_COLUMNS)
						+ ", matched without regard to case) and would collide with it there; rename it");
			}
		}
		List<String> attributes = columns.stream()
			.filter((name) -> !isColumn(name, REGISTRATION_ID) && !isColumn(name, PAYLOAD)
					&& !isColumn(name, ENROLLMENT))
			.toList();
		return new ManifestHeader(columns, attributes, indexByKey.containsKey(key(PAYLOAD)),
				indexByKey.containsKey(key(ENROLLMENT)));
	}

	/** Where a column is among the columns of a header, or -1. */
	static int indexOf(List<String> columns, String column) {
		for (int i = 0; i < columns.size(); i++) {
			if (isColumn(columns.get(i), column)) {
				return i;
			}
		}
		return -1;
	}

	/** Whether a column name as written denotes the given column. */
	static boolean isColumn(String name, String column) {
		return name.equalsIgnoreCase(column);
	}

	private static String noRegistrationIdColumn(List<String> columns) {
		StringBuilder message = new StringBuilder(
				"the header has no registrationId column (matched without regard to case); columns found: ");
		message.append(columns.stream()
			.limit(LISTED_COLUMNS)
			.map((name) -> "'" + name + "'")
			.collect(Collectors.joining(", ")));
		if (columns.size() > LISTED_COLUMNS) {
			message.append(" and ").append(columns.size() - LISTED_COLUMNS).append(" more");
		}
		String only = (columns.size() == 1) ? columns.get(0) : "";
		if (only.contains(";") || only.contains("\t")) {
			// Excel in many European locales saves "CSV" with semicolons
			message.append(". The columns must be separated by commas; this file looks separated by ")
				.append(only.contains(";") ? "semicolons" : "tabs");
		}
		else {
			columns.stream()
				.filter((name) -> key(name).replaceAll("[^a-z0-9]", "").equals(key(REGISTRATION_ID)))
				.findFirst()
				.ifPresent((name) -> message.append(". Did you mean '")
					.append(name)
					.append("'? Rename it to registrationId"));
		}
		return message.toString();
	}

	private static String key(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

}
