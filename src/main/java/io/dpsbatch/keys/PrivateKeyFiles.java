package io.dpsbatch.keys;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The rule for a file of keys: a plain file that only its owner may read, write or run,
 * as ssh requires of a private key ("Permissions 0644 ... are too open"): a keys file
 * open to the group or to others may already have been copied, and using it would hide
 * that. Not checked where the file system has no POSIX permissions.
 */
final class PrivateKeyFiles {

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private static final Set<PosixFilePermission> OPEN_TO_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
			PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

	private PrivateKeyFiles() {
	}

	/**
	 * @param source the property and file, for messages
	 * @throws KeysFileException when the file is missing, not a plain file or open to
	 * others
	 */
	static void check(Path file, String source) {
		if (!Files.exists(file)) {
			throw new KeysFileException("cannot read " + source + ": no such file");
		}
		if (!Files.isRegularFile(file)) {
			throw new KeysFileException(source + " is not a plain file");
		}
		if (!POSIX) {
			return;
		}
		Set<PosixFilePermission> permissions;
		try {
			permissions = Files.getPosixFilePermissions(file);
		}
		catch (IOException ex) {
			throw new KeysFileException("cannot check " + source + ": " + describe(ex));
		}
		if (permissions.stream().anyMatch(OPEN_TO_OTHERS::contains)) {
			throw new KeysFileException(source + " is open to other users ("
					+ PosixFilePermissions.toString(permissions) + "); device keys must not be. Find out who could"
					+ " read it, then run 'chmod 600 " + file + "'");
		}
	}

	/**
	 * An I/O failure in words, without the exception's own text where it could quote the
	 * file's content.
	 */
	static String describe(IOException ex) {
		if (ex instanceof NoSuchFileException) {
			return "no such file";
		}
		if (ex instanceof AccessDeniedException) {
			return "permission denied";
		}
		return ex.getClass().getSimpleName();
	}

}
