package io.dpsbatch.manifest;

import java.nio.file.Path;

import io.dpsbatch.exit.UsageError;

import org.springframework.batch.infrastructure.item.ItemStreamException;

/**
 * A manifest that cannot be read as a whole: missing, not a CSV, not UTF-8, no
 * {@code registrationId} column, a broken quote ... The message names the file, the line
 * when it is known, and what to fix, so the command line can print it as it is (exit code
 * 64) before anything is registered.
 */
public class ManifestFormatException extends RuntimeException implements UsageError {

	private final transient Path file;

	private final long line;

	/**
	 * A problem with the file as a whole (it is missing, empty, or its header is wrong
	 * ...).
	 */
	ManifestFormatException(Path file, String problem) {
		this(file, 0, problem, null);
	}

	/** A problem found at a physical line (1-based) of the file. */
	ManifestFormatException(Path file, long line, String problem) {
		this(file, line, problem, null);
	}

	ManifestFormatException(Path file, long line, String problem, Throwable cause) {
		super(file + ": " + ((line > 0) ? "line " + line + ": " : "") + problem, cause);
		this.file = file;
		this.line = line;
	}

	/**
	 * A problem with a manifest that is not a file (a database query), described by
	 * {@code source}.
	 */
	ManifestFormatException(String source, String problem, Throwable cause) {
		super(source + ": " + problem, cause);
		this.file = null;
		this.line = 0;
	}

	/**
	 * What a reader that failed to open throws: Spring Batch's readers wrap whatever
	 * opening throws, and the manifest's problem is the message worth showing.
	 */
	static RuntimeException unwrapped(ItemStreamException ex) {
		return (ex.getCause() instanceof ManifestFormatException problem) ? problem : ex;
	}

	/**
	 * The manifest file the problem is in, or {@code null} when the manifest is not a
	 * file.
	 */
	public Path file() {
		return this.file;
	}

	/**
	 * The physical line (1-based) the problem is on, or 0 when it concerns the file as a
	 * whole.
	 */
	public long line() {
		return this.line;
	}

}
