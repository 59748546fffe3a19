package io.dpsbatch.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * Keys files for tests: written 0600, keys made from a number so that a test can tell
 * them apart.
 */
public final class KeysFiles {

	private KeysFiles() {
	}

	public static Path write(Path file, String content) {
		return write(file, content.getBytes(StandardCharsets.UTF_8));
	}

	public static Path write(Path file, byte[] content) {
		try {
			Files.write(file, content);
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A 32-byte key, base64, whose bytes are all {@code seed}. */
	public static String key(int seed) {
		byte[] key = new byte[32];
		java.util.Arrays.fill(key, (byte) seed);
		return Base64.getEncoder().encodeToString(key);
	}

}
