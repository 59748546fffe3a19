package io.dpsbatch.manifest;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks a manifest file as a whole. The command line scans a manifest before the job
 * starts, so that a file that is not a readable CSV with a {@code registrationId} column
 * is refused before anything is registered.
 * <p>
 * The manifest format: UTF-8 (a byte order mark is accepted), RFC 4180 CSV with a header
 * row whose names are matched without regard to case. {@code registrationId} is required;
 * {@code payload} (a JSON object) is optional; every other column is an attribute. Empty
 * lines and records whose cells are all empty are skipped. Problems of a single row (a
 * bad ID, a bad payload, a wrong number of fields) are not file problems: those rows are
 * rejected one by one ({@link ManifestRowValidator}).
 */
public final class CsvManifest {

	private CsvManifest() {
	}

	/**
	 * Reads the whole file once, in constant memory: checks the header and the CSV syntax
	 * and encoding of every record, counts the rows and hashes the bytes.
	 * @throws ManifestFormatException naming the file, the line when known, and what to
	 * fix
	 */
	public static ManifestScan scan(Path file) {
		MessageDigest sha256 = sha256();
		try (CsvManifestParser parser = CsvManifestParser.open(file, sha256)) {
			long rows = 0;
			while (parser.skip()) {
				rows++;
			}
			return new ManifestScan(parser.header(), rows, HexFormat.of().formatHex(sha256.digest()));
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
