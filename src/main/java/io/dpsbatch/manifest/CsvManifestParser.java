package io.dpsbatch.manifest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a manifest file record by record: the header is read and checked when the file
 * is opened, then every call to {@link #next()} turns one record into a
 * {@link ManifestRow}. Shared by {@link CsvManifest#scan} and {@link CsvManifestReader}
 * so that the file the command line accepted is read by the job in exactly the same way.
 * <p>
 * Empty lines, and records whose cells are all empty (a spreadsheet exports its blank
 * rows as {@code ,,,,}), carry no device: they are skipped and are not rows, but line
 * numbers stay those of the file.
 */
final class CsvManifestParser implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(CsvManifestParser.class);

	/**
	 * A record holds one device; anything larger is not a manifest (or a quote is never
	 * closed).
	 */
	static final int MAX_RECORD_CHARS = 1024 * 1024;

	// RFC 4180 as it is; empty lines come through as records so that line numbers can be
	// kept exact
	private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

	private final Path file;

	private final ManifestTextReader text;

	private final CSVParser csv;

	private final Iterator<CSVRecord> records;

	private final ManifestHeader header;

	private final ColumnPositions positions;

	/**
	 * The physical line (1-based) where the record last returned by {@link #nextRecord()}
	 * starts.
	 */
	private long currentRecordLine;

	private CsvManifestParser(Path file, InputStream in) {
		this.file = file;
		this.text = new ManifestTextReader(file, in, MAX_RECORD_CHARS);
		try {
			this.csv = CSVParser.builder().setReader(this.text).setFormat(FORMAT).get();
		}
		catch (IOException ex) {
			throw new ManifestFormatException(file, 0, "cannot be read: " + ex.getMessage(), ex);
		}
		this.records = this.csv.iterator();
		CSVRecord headerRecord = nextRecord();
		if (headerRecord == null) {
			throw new ManifestFormatException(file, "the file is empty; a manifest starts with a header row naming"
					+ " its columns, at least registrationId");
		}
		this.header = ManifestHeaderRules.headerOf(headerRecord.toList(), file, this.currentRecordLine);
		this.positions = ColumnPositions.of(this.header);
	}

	/**
	 * Opens the manifest and reads its header.
	 * @param digest when not null, receives every byte of the file as it is read
	 * @throws ManifestFormatException when the file cannot be read or its header is not
	 * acceptable
	 */
	static CsvManifestParser open(Path file, MessageDigest digest) {
		if (Files.isDirectory(file)) {
			throw new ManifestFormatException(file, "is a directory, not a manifest file");
		}
		InputStream in;
		try {
			in = Files.newInputStream(file);
		}
		catch (NoSuchFileException ex) {
			throw new ManifestFormatException(file, 0, "no such file", ex);
		}
		catch (AccessDeniedException ex) {
			throw new ManifestFormatException(file, 0, "cannot be read: permission denied", ex);
		}
		catch (IOException ex) {
			throw new ManifestFormatException(file, 0, "cannot be read: " + ex.getMessage(), ex);
		}
		if (digest != null) {
			in = new DigestInputStream(in, digest);
		}
		try {
			return new CsvManifestParser(file, in);
		}
		catch (RuntimeException ex) {
			closeQuietly(in, ex);
			throw ex;
		}
	}

	ManifestHeader header() {
		return this.header;
	}

	/** The next data row, or null at the end of the file. */
	ManifestRow next() {
		CSVRecord record = nextRecord();
		return (record != null) ? toRow(record) : null;
	}

	/**
	 * Passes over the next data row without building it; false at the end of the file.
	 */
	boolean skip() {
		return nextRecord() != null;
	}

	@Override
	public void close() {
		try {
			this.csv.close();
		}
		catch (IOException ex) {
			// the file was only read: a failing close loses nothing
			logger.debug("Closing manifest {} failed", this.file, ex);
		}
	}

	/**
	 * The next record that is not blank, with {@link #currentRecordLine} set to where it
	 * starts.
	 */
	private CSVRecord nextRecord() {
		while (true) {
			// the parser's line count is that of the last line break it consumed: the end
			// of the previous record
			long startLine = this.csv.getCurrentLineNumber() + 1;
			this.text.startRecord(startLine);
			CSVRecord record;
			try {
				if (!this.records.hasNext()) {
					return null;
				}
				record = this.records.next();
			}
			catch (UncheckedIOException ex) {
				throw notReadable(ex.getCause(), startLine);
			}
			if (!isBlank(record)) {
				this.currentRecordLine = startLine;
				return record;
			}
		}
	}

	private ManifestRow toRow(CSVRecord record) {
		ColumnPositions at = this.positions;
		int fields = record.size();
		int expected = this.header.columns().size();
		String problem = null;
		if (fields > expected) {
			problem = "row has " + fields + " fields, header has " + expected
					+ " (a value containing a comma must be in double quotes)";
		}
		else if (fields <= at.registrationId()) {
			problem = fieldCountProblem(fields, expected, ManifestHeaderRules.REGISTRATION_ID);
		}
		else if (fields <= at.payload()) {
			problem = fieldCountProblem(fields, expected, ManifestHeaderRules.PAYLOAD);
		}
		String registrationId = (fields > at.registrationId()) ? record.get(at.registrationId()) : "";
		String payload = (at.payload() >= 0 && fields > at.payload()) ? record.get(at.payload()) : null;
		if (payload != null && payload.isBlank()) {
			payload = null;
		}
		Map<String, String> attributes = new LinkedHashMap<>((int) (at.attributeNames().length / 0.75f) + 1);
		for (int i = 0; i < at.attributeNames().length; i++) {
			int index = at.attributes()[i];
			// a missing trailing attribute cell is an empty one: some tools do not write
			// trailing empty cells
			attributes.put(at.attributeNames()[i], (index < fields) ? record.get(index) : "");
		}
		// a missing trailing enrollment cell is an empty one, like an attribute's: the
		// default enrollment
		String enrollment = (at.enrollment() >= 0 && fields > at.enrollment()) ? record.get(at.enrollment()) : null;
		return new ManifestRow(this.currentRecordLine, registrationId, payload, attributes, problem, enrollment);
	}

	private static String fieldCountProblem(int fields, int expected, String missingColumn) {
		return "row has " + fields + ((fields == 1) ? " field" : " fields") + ", header has " + expected + "; the "
				+ missingColumn + " cell is missing";
	}

	private static boolean isBlank(CSVRecord record) {
		for (int i = 0; i < record.size(); i++) {
			if (!record.get(i).isEmpty()) {
				return false;
			}
		}
		return true;
	}

	private ManifestFormatException notReadable(Throwable cause, long line) {
		if (cause instanceof CSVException) {
			String message = String.valueOf(cause.getMessage());
			if (message.contains("EOF reached before encapsulated token finished")) {
				return new ManifestFormatException(this.file, line, "a quoted field in the record starting here is"
						+ " never closed: the file ends before its closing double quote", cause);
			}
			if (message.contains("Invalid character between encapsulated token and delimiter")) {
				return new ManifestFormatException(
						this.file, line, "the record starting here has text after the" + " closing quote of a field ("
								+ message + "); a double quote inside a quoted value must be" + " written twice (\"\")",
						cause);
			}
			return new ManifestFormatException(this.file, line, "is not valid CSV: " + message, cause);
		}
		return new ManifestFormatException(this.file, line, "cannot be read: " + cause.getMessage(), cause);
	}

	private static void closeQuietly(InputStream in, RuntimeException failure) {
		try {
			in.close();
		}
		catch (IOException ex) {
			failure.addSuppressed(ex);
		}
	}

}
