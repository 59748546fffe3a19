package io.dpsbatch.keys;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of an individual keys file: RFC 4180 CSV in ASCII (a UTF-8 BOM is accepted),
 * one device a line, {@code registrationId,primaryKey[,secondaryKey]} with the keys in
 * base64 as DPS shows them (16 to 64 bytes). A header row is optional: a first row whose
 * first cell is {@code registrationId} (any case) is one. Blank lines and spaces around
 * cells are ignored. Messages name the file, the line and the device, never a key.
 */
final class KeysFileRows {

	static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
		.setIgnoreEmptyLines(false)
		.setIgnoreSurroundingSpaces(true)
		.setTrim(true)
		.get();

	static final String ROW_FORMAT = "registrationId,primaryKey[,secondaryKey] (keys in base64)";

	/**
	 * A row is at most about 310 bytes (ID of 128, two keys of 88); this leaves room for
	 * spaces and quotes.
	 */
	static final int MAX_ROW_BYTES = 2048;

	private static final int MAX_ID_LENGTH = 128;

	private final String source;

	private boolean seenRow;

	private long lastLine;

	private long lastPosition = -1;

	KeysFileRows(String source) {
		this.source = source;
	}

	/**
	 * Checks one record while the file is read.
	 * @return its registration ID, or {@code null} for a blank line or the header
	 * @throws KeysFileException naming the line and the problem
	 */
	String check(CSVRecord record) {
		// a row is one line (no cell may hold a line break), so the record number is the
		// line number
		long line = record.getRecordNumber();
		refuseLongLine(record.getCharacterPosition());
		this.lastLine = line;
		this.lastPosition = record.getCharacterPosition();
		if (record.size() == 1 && record.get(0).isEmpty()) {
			return null;
		}
		boolean first = !this.seenRow;
		this.seenRow = true;
		if (first && record.get(0).equalsIgnoreCase("registrationId")) {
			return null;
		}
		String problem = problemWith(record.toList(), line);
		if (problem != null) {
			throw new KeysFileException(this.source + ": line " + line + " " + problem);
		}
		return record.get(0);
	}

	/**
	 * After the last record: checks its length too. @param length the characters of the
	 * file (BOM aside)
	 */
	void end(long length) {
		refuseLongLine(length);
	}

	/**
	 * A lookup reads {@value #MAX_ROW_BYTES} bytes of a row: a longer line (spaces?) is
	 * refused here, not cut there.
	 */
	private void refuseLongLine(long nextPosition) {
		if (this.lastPosition >= 0 && nextPosition - this.lastPosition > MAX_ROW_BYTES) {
			throw new KeysFileException(this.source + ": line " + this.lastLine + " is longer than " + MAX_ROW_BYTES
					+ " bytes; a row is " + ROW_FORMAT);
		}
	}

	private static String problemWith(List<String> cells, long line) {
		if (cells.size() < 2 || cells.size() > 3) {
			return "has " + cells.size() + ((cells.size() == 1) ? " cell" : " cells") + "; each row is " + ROW_FORMAT;
		}
		String registrationId = cells.get(0);
		if (registrationId.isEmpty() || registrationId.length() > MAX_ID_LENGTH
				|| !registrationId.chars().allMatch(KeysFileRows::isIdCharacter)) {
			return "does not start with a registration ID (at most " + MAX_ID_LENGTH + " letters, digits and - . _ :)";
		}
		try {
			DeviceKey.fromBase64(cells.get(1), "the primary key of device '" + registrationId + "'");
			if (cells.size() == 3 && !cells.get(2).isEmpty()) {
				DeviceKey.fromBase64(cells.get(2), "the secondary key of device '" + registrationId + "'");
			}
		}
		catch (InvalidKeyException ex) {
			return "is unusable: " + ex.getMessage();
		}
		return null;
	}

	private static boolean isIdCharacter(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == ':';
	}

	/**
	 * The reading failed: Commons CSV's own text is not passed on, as it may quote the
	 * file.
	 */
	KeysFileException unreadable(IOException cause) {
		if (cause instanceof CharacterCodingException) {
			return new KeysFileException(this.source + " is not ASCII text after line " + this.lastLine
					+ "; registration IDs and base64 keys are ASCII (a character pasted from a document?)");
		}
		return new KeysFileException(this.source + " is not valid CSV after line " + this.lastLine
				+ " (a quote never closed, or text after a closing quote); each row is " + ROW_FORMAT);
	}

	/** The cells of one line read again at lookup time. */
	List<String> cells(String line) {
		try (CSVParser csv = CSVParser.parse(line, FORMAT)) {
			List<CSVRecord> records = csv.getRecords();
			if (records.size() == 1 && records.get(0).size() >= 2) {
				return records.get(0).toList();
			}
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			// reported below, without the parser's text
		}
		throw changed();
	}

	/** The keys of a row found at lookup time. */
	IndividualKeys keys(List<String> cells) {
		String registrationId = cells.get(0);
		try {
			DeviceKey primary = DeviceKey.fromBase64(cells.get(1),
					"the primary key of device '" + registrationId + "'");
			DeviceKey secondary = (cells.size() > 2 && !cells.get(2).isEmpty())
					? DeviceKey.fromBase64(cells.get(2), "the secondary key of device '" + registrationId + "'") : null;
			return new IndividualKeys(registrationId, primary, secondary);
		}
		catch (InvalidKeyException ex) {
			throw changed();
		}
	}

	private KeysFileException changed() {
		return new KeysFileException(
				this.source + " changed since it was read; leave it as it is while" + " a run uses it, then run again");
	}

}
