package io.dpsbatch.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * Batch names are also folder names under {@code batch.output-dir}, so they are kept to a
 * safe alphabet: no path separators, no {@code ..}, nothing a shell or a spreadsheet
 * misreads.
 */
final class BatchNames {

	static final int MAX_LENGTH = 100;

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

	private BatchNames() {
	}

	static String check(String name) {
		if (!VALID.matcher(name).matches() || name.contains("..")) {
			throw new UsageException("invalid batch name '" + name + "': use up to " + MAX_LENGTH
					+ " letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
		return name;
	}

	/** The default name of a run from the database: {@code nightly-2026-05-01}. */
	static String nightly(LocalDate date) {
		return "nightly-" + date;
	}

	/**
	 * The manifest's file name without its extension, made safe:
	 * {@code line-3 2026.csv -> line-3-2026}.
	 */
	static String fromManifest(Path manifest) {
		String file = manifest.getFileName().toString();
		int dot = file.lastIndexOf('.');
		String base = (dot > 0) ? file.substring(0, dot) : file;
		String safe = base.replaceAll("[^A-Za-z0-9._-]+", "-")
			.replaceAll("\\.{2,}", ".")
			.replaceAll("^[^A-Za-z0-9]+", "");
		if (safe.length() > MAX_LENGTH) {
			safe = safe.substring(0, MAX_LENGTH);
		}
		return safe.isEmpty() ? "batch" : safe;
	}

}
