package io.dpsbatch.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The characters of a manifest file, checked on the way to the CSV parser so that a file
 * which is not a UTF-8 text fails with a message naming the line instead of being
 * half-read.
 * <ul>
 * <li>UTF-8 is decoded strictly: a byte sequence that is not UTF-8 (a file saved as
 * Latin-1 or UTF-16, a binary file) is an error, never silently replaced by U+FFFD.
 * Decoding is done here rather than by an {@code InputStreamReader} so that the
 * characters before the bad byte are delivered first and the line number in the message
 * is exact.</li>
 * <li>A leading byte order mark is skipped.</li>
 * <li>A NUL character is an error: no text manifest contains one, binary files and UTF-16
 * files do.</li>
 * <li>A record may not grow beyond a limit, so a file without line breaks or with a quote
 * that is never closed cannot make the parser buffer the whole file. The parser calls
 * {@link #startRecord} at every record boundary; the count since then includes the
 * parser's read-ahead (at most its buffer), so the limit is approximate by a few
 * kilobytes, which is all a sanity bound needs.</li>
 * </ul>
 */
final class ManifestTextReader extends Reader {

	private static final int BUFFER_SIZE = 64 * 1024;

	private static final char BYTE_ORDER_MARK = '\uFEFF';

	private final Path file;

	private final InputStream in;

	private final long maxRecordChars;

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	/** Bytes read but not decoded yet, in read mode. */
	private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_SIZE).limit(0);

	/** Characters decoded but not delivered yet, in read mode. */
	private final CharBuffer chars = CharBuffer.allocate(BUFFER_SIZE).limit(0);

	private boolean endOfInput;

	private boolean decoderFlushed;

	/**
	 * A decoding error found after some good characters; reported once those are
	 * delivered.
	 */
	private CoderResult pendingError;

	private boolean atStartOfFile = true;

	/** The physical line (1-based) of the next character to be delivered. */
	private long line = 1;

	private boolean lastWasCarriageReturn;

	private long recordStartLine = 1;

	private long charsSinceRecordStart;

	ManifestTextReader(Path file, InputStream in, long maxRecordChars) {
		this.file = file;
		this.in = in;
		this.maxRecordChars = maxRecordChars;
	}

	/**
	 * The parser is about to read a record that starts on the given line: restart the
	 * length budget.
	 */
	void startRecord(long startLine) {
		this.recordStartLine = startLine;
		this.charsSinceRecordStart = 0;
	}

	@Override
	public int read(char[] target, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		if (!this.chars.hasRemaining() && !fill()) {
			return -1;
		}
		int count = Math.min(length, this.chars.remaining());
		this.chars.get(target, offset, count);
		check(target, offset, count);
		return count;
	}

	@Override
	public void close() throws IOException {
		this.in.close();
	}

	private void check(char[] text, int offset, int count) {
		for (int i = offset; i < offset + count; i++) {
			char c = text[i];
			if (c == '\n') {
				if (!this.lastWasCarriageReturn) {
					this.line++;
				}
				this.lastWasCarriageReturn = false;
			}
			else if (c == '\r') {
				this.line++;
				this.lastWasCarriageReturn = true;
			}
			else {
				this.lastWasCarriageReturn = false;
				if (c == '\0') {
					throw new ManifestFormatException(this.file, this.line,
							"contains a NUL character, so this is not a text file: a CSV manifest must be UTF-8 text"
									+ " (a file saved as UTF-16 or 'Unicode text' also looks like this)");
				}
			}
		}
		this.charsSinceRecordStart += count;
		if (this.charsSinceRecordStart > this.maxRecordChars) {
			throw new ManifestFormatException(this.file, this.recordStartLine,
					"a record longer than " + describeSize(this.maxRecordChars)
							+ " starts here; is this a CSV manifest? (a quote that is"
							+ " never closed also turns the rest of the file into one record)");
		}
	}

	/** Decodes the next characters into {@link #chars}; false at the end of the file. */
	private boolean fill() throws IOException {
		if (this.pendingError != null) {
			throw notUtf8(this.pendingError);
		}
		if (this.decoderFlushed) {
			return false;
		}
		this.chars.clear();
		while (this.chars.position() == 0) {
			CoderResult result = this.decoder.decode(this.bytes, this.chars, this.endOfInput);
			if (result.isError()) {
				if (this.chars.position() == 0) {
					throw notUtf8(result);
				}
				this.pendingError = result;
				break;
			}
			if (result.isOverflow()) {
				break;
			}
			if (this.endOfInput) {
				this.decoder.flush(this.chars);
				this.decoderFlushed = true;
				break;
			}
			readBytes();
		}
		this.chars.flip();
		if (this.atStartOfFile && this.chars.hasRemaining()) {
			this.atStartOfFile = false;
			refuseZipArchive();
			if (this.chars.get(this.chars.position()) == BYTE_ORDER_MARK) {
				this.chars.get();
				if (!this.chars.hasRemaining()) {
					return fill();
				}
			}
		}
		return this.chars.hasRemaining();
	}

	private void readBytes() throws IOException {
		this.bytes.compact();
		int count = this.in.read(this.bytes.array(), this.bytes.arrayOffset() + this.bytes.position(),
				this.bytes.remaining());
		if (count < 0) {
			this.endOfInput = true;
		}
		else {
			this.bytes.position(this.bytes.position() + count);
		}
		this.bytes.flip();
	}

	/**
	 * People hand over the Excel workbook instead of a CSV export often enough to say so
	 * plainly; an .xlsx file is a ZIP archive, which starts with "PK", 3, 4.
	 */
	private void refuseZipArchive() {
		if (this.chars.remaining() >= 4 && this.chars.get(0) == 'P' && this.chars.get(1) == 'K'
				&& this.chars.get(2) == 3 && this.chars.get(3) == 4) {
			throw new ManifestFormatException(this.file,
					"this is a ZIP archive (an Excel workbook?), not a CSV file; save the sheet as 'CSV UTF-8'"
							+ " and pass that file");
		}
	}

	private ManifestFormatException notUtf8(CoderResult error) {
		int at = this.bytes.position();
		int first = this.bytes.get(at) & 0xFF;
		if (this.atStartOfFile && at == 0 && this.bytes.remaining() >= 2) {
			int second = this.bytes.get(at + 1) & 0xFF;
			if ((first == 0xFF && second == 0xFE) || (first == 0xFE && second == 0xFF)) {
				return new ManifestFormatException(this.file,
						"the file is UTF-16 encoded (it starts with a UTF-16 byte order mark); save it as UTF-8");
			}
		}
		String what = (error.length() == 1) ? String.format("byte 0x%02X", first)
				: String.format("bytes starting 0x%02X", first);
		return new ManifestFormatException(this.file, this.line,
				"not valid UTF-8 (" + what + "); the manifest must be saved as UTF-8"
						+ " (in Excel: 'CSV UTF-8'), not in a legacy encoding such as Latin-1 or Windows-1252");
	}

	static String describeSize(long chars) {
		if (chars % (1024 * 1024) == 0) {
			return (chars / (1024 * 1024)) + " MiB";
		}
		if (chars % 1024 == 0) {
			return (chars / 1024) + " KiB";
		}
		return chars + " characters";
	}

}
