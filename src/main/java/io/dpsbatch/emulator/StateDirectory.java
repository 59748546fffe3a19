package io.dpsbatch.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The emulator's directory of things that must survive a restart: generated group keys,
 * TLS key stores and the exported trust store. The directory is 0700 and every file 0600
 * (on POSIX file systems), files are replaced atomically, and initialisation is
 * serialised between emulators sharing the directory, in this JVM and in others, so that
 * two of them never generate different keys for the same place.
 */
final class StateDirectory {

	private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

	/** A file lock is per process; this serialises the emulators of this JVM first. */
	private static final Object JVM_LOCK = new Object();

	private final Path directory;

	private final boolean posix;

	private StateDirectory(Path directory, boolean posix) {
		this.directory = directory;
		this.posix = posix;
	}

	static StateDirectory open(Path directory) {
		Path absolute = directory.toAbsolutePath().normalize();
		boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
		try {
			if (!Files.isDirectory(absolute)) {
				Files.createDirectories(absolute);
				if (posix) {
					// set explicitly: permissions given at creation are narrowed by the
					// umask, and parents created on the way keep their usual mode
					Files.setPosixFilePermissions(absolute, DIRECTORY_MODE);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the emulator state directory " + absolute, ex);
		}
		return new StateDirectory(absolute, posix);
	}

	Path path() {
		return this.directory;
	}

	Path resolve(String fileName) {
		return this.directory.resolve(fileName);
	}

	/** Runs {@code work} while no other emulator initialises this directory. */
	<T> T exclusively(Supplier<T> work) {
		synchronized (JVM_LOCK) {
			try (FileChannel channel = FileChannel.open(resolve(".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE)) {
				FileLock lock = channel.lock();
				try {
					return work.get();
				}
				finally {
					lock.release();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot lock the emulator state directory " + this.directory, ex);
			}
		}
	}

	/** The stripped text of a file, if it exists and is not blank. */
	Optional<String> readText(String fileName) {
		Path file = resolve(fileName);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			String text = Files.readString(file).strip();
			return text.isEmpty() ? Optional.empty() : Optional.of(text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

	/**
	 * Writes a file readable only by its owner. It is first written next to its final
	 * place with mode 0600 from the start, then moved over the old one, so a crash never
	 * leaves a half-written key.
	 */
	void writeSecret(String fileName, byte[] content) {
		Path target = resolve(fileName);
		try {
			FileAttribute<?>[] attributes = this.posix
					? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(FILE_MODE) }
					: new FileAttribute<?>[0];
			Path temporary = Files.createTempFile(this.directory, "." + fileName, ".tmp", attributes);
			try {
				Files.write(temporary, content);
				try {
					Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				catch (AtomicMoveNotSupportedException ex) {
					Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + target, ex);
		}
	}

}
