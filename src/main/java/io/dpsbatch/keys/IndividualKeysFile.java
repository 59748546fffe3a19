package io.dpsbatch.keys;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A file of individual enrollments' keys,
 * {@code registrationId,primaryKey[,secondaryKey]} per row (see {@link KeysFileRows} for
 * the format), read when a key is needed rather than held: opening the file checks it
 * (only its owner may read it, every row well-formed, no device twice) and keeps only an
 * {@link OffsetIndex}, 8 bytes a device; a lookup reads the device's row from the file
 * again. Keys are secrets: no message of this class holds one, and {@link #toString()}
 * names only the file.
 * <p>
 * Lookups may come from many threads at once (positional reads of one channel).
 */
public final class IndividualKeysFile implements AutoCloseable {

	private final Path file;

	private final String source;

	private final FileChannel channel;

	private final OffsetIndex index;

	private final String fingerprint;

	private IndividualKeysFile(Path file, String source, FileChannel channel, OffsetIndex index, String fingerprint) {
		this.file = file;
		this.source = source;
		this.channel = channel;
		this.index = index;
		this.fingerprint = fingerprint;
	}

	/**
	 * Checks and indexes the file.
	 * @param property the property that names the file, for messages
	 * ({@code dps.individual-keys-file})
	 * @throws KeysFileException naming the file (and line) and what to fix, never a key
	 */
	public static IndividualKeysFile open(Path file, String property) {
		String source = property + " " + file;
		PrivateKeyFiles.check(file, source);
		FileChannel channel;
		try {
			channel = FileChannel.open(file, StandardOpenOption.READ);
		}
		catch (IOException ex) {
			throw new KeysFileException("cannot read " + source + ": " + PrivateKeyFiles.describe(ex));
		}
		try {
			if (channel.size() > OffsetIndex.MAX_OFFSET) {
				throw new KeysFileException(source + " is larger than 4 GiB; DPS holds at most "
						+ "1,000,000 individual enrollments an instance, about 200 MB of keys");
			}
			MessageDigest digest = sha256();
			OffsetIndex index = scan(file, source, digest);
			IndividualKeysFile keys = new IndividualKeysFile(file, source, channel, index,
					"sha256:" + HexFormat.of().formatHex(digest.digest(), 0, 6));
			keys.refuseDuplicates();
			return keys;
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new KeysFileException("cannot read " + source + ": " + PrivateKeyFiles.describe(ex));
		}
		catch (RuntimeException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	/**
	 * Reads every row once: checks it and notes where it starts. The parser reads to the
	 * end of the file, so the digest sees every byte of it.
	 */
	private static OffsetIndex scan(Path file, String source, MessageDigest digest) throws IOException {
		OffsetIndex index = new OffsetIndex();
		try (InputStream in = new BufferedInputStream(new DigestInputStream(Files.newInputStream(file), digest),
				1 << 16)) {
			int bom = skipBom(in);
			// strict ASCII: IDs and base64 keys are ASCII, and so a character position is
			// a byte position
			InputStreamReader reader = new InputStreamReader(in,
					StandardCharsets.US_ASCII.newDecoder()
						.onMalformedInput(CodingErrorAction.REPORT)
						.onUnmappableCharacter(CodingErrorAction.REPORT));
			KeysFileRows rows = new KeysFileRows(source);
			try (CSVParser csv = CSVParser.builder().setReader(reader).setFormat(KeysFileRows.FORMAT).get()) {
				for (CSVRecord record : csv) {
					String registrationId = rows.check(record);
					if (registrationId != null) {
						index.add(registrationId, bom + record.getCharacterPosition());
					}
				}
				rows.end(Files.size(file) - bom);
			}
			catch (UncheckedIOException ex) {
				throw rows.unreadable(ex.getCause());
			}
			if (index.size() == 0) {
				throw new KeysFileException(source + " lists no device; each row is " + KeysFileRows.ROW_FORMAT);
			}
		}
		catch (CharacterCodingException ex) {
			throw new KeysFileException(source + " is not ASCII text; registration IDs and base64 keys"
					+ " are ASCII (saved as UTF-16, or with a character pasted from a document?)");
		}
		index.seal();
		return index;
	}

	private static int skipBom(InputStream in) throws IOException {
		in.mark(3);
		byte[] first = in.readNBytes(3);
		if (first.length == 3 && (first[0] & 0xFF) == 0xEF && (first[1] & 0xFF) == 0xBB && (first[2] & 0xFF) == 0xBF) {
			return 3;
		}
		in.reset();
		return 0;
	}

	/**
	 * Two rows for one device would leave it to chance which key signs: refused, naming
	 * the device.
	 */
	private void refuseDuplicates() {
		this.index.sharedHashes((start) -> {
			long[] offsets = this.index.run(start);
			for (int i = 0; i < offsets.length; i++) {
				for (int j = i + 1; j < offsets.length; j++) {
					String id = readRow(offsets[i]).get(0);
					if (id.equalsIgnoreCase(readRow(offsets[j]).get(0))) {
						throw new KeysFileException(this.source + " lists device '" + id
								+ "' more than once (registration IDs are case-insensitive); keep one row for it");
					}
				}
			}
		});
	}

	/**
	 * The device's keys, read from the file now.
	 * @throws KeysFileException when the file changed since it was opened and is no
	 * longer valid
	 */
	public Optional<IndividualKeys> find(String registrationId) {
		return locate(registrationId).map((row) -> new KeysFileRows(this.source).keys(row));
	}

	/**
	 * Whether the file has a row for the device (IDs compared without regard to case, as
	 * DPS does).
	 */
	public boolean contains(String registrationId) {
		return locate(registrationId).isPresent();
	}

	private Optional<List<String>> locate(String registrationId) {
		AtomicReference<List<String>> found = new AtomicReference<>();
		this.index.candidates(registrationId, (offset) -> {
			List<String> row = readRow(offset);
			if (row.get(0).equalsIgnoreCase(registrationId)) {
				found.set(row);
				return true;
			}
			return false;
		});
		return Optional.ofNullable(found.get());
	}

	/** The cells of the row starting at {@code offset}. */
	private List<String> readRow(long offset) {
		ByteBuffer buffer = ByteBuffer.allocate(KeysFileRows.MAX_ROW_BYTES);
		try {
			while (buffer.hasRemaining() && this.channel.read(buffer, offset + buffer.position()) >= 0) {
				// positional reads: other threads may read the same channel at once
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + this.source + ": " + PrivateKeyFiles.describe(ex), ex);
		}
		int end = 0;
		while (end < buffer.position() && buffer.get(end) != '\n' && buffer.get(end) != '\r') {
			end++;
		}
		String line = new String(buffer.array(), 0, end, StandardCharsets.US_ASCII);
		return new KeysFileRows(this.source).cells(line);
	}

	/** Devices in the file. */
	public int size() {
		return this.index.size();
	}

	/** What the file costs in memory while open: its index, 8 bytes a device. */
	public long indexBytes() {
		return this.index.bytes();
	}

	/**
	 * SHA-256 of the file's bytes (first 6 bytes, hex): tells two versions of the file
	 * apart, reveals no key.
	 */
	public String fingerprint() {
		return this.fingerprint;
	}

	public Path file() {
		return this.file;
	}

	@Override
	public void close() {
		closeQuietly(this.channel);
	}

	@Override
	public String toString() {
		return "IndividualKeysFile[" + this.file + ", " + size() + " devices]";
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// the file was only read: nothing is lost
		}
	}

}
