package io.dpsbatch.output;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Files that hold device credentials: a folder only the owner can enter (0700), files
 * only the owner can read (0600), each written completely under a temporary name and then
 * renamed, so a reader sees the whole file or none (never a half-written credentials file
 * on the flashing station).
 */
final class PrivateFiles {

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
			PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

	private static final String TEMP_SUFFIX = ".tmp";

	private PrivateFiles() {
	}

	/** Creates the folder 0700, or checks that an existing one is not open to others. */
	static Path privateFolder(Path folder) {
		try {
			if (Files.exists(folder)) {
				if (!Files.isDirectory(folder)) {
					throw new OutputFolderException("output folder " + folder + " exists and is not a folder");
				}
				if (POSIX) {
					Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
					if (permissions.stream().anyMatch(OTHERS::contains)) {
						throw new OutputFolderException("output folder " + folder + " is open to other users ("
								+ PosixFilePermissions.toString(permissions)
								+ "); credentials must not be. Run 'chmod 700 " + folder
								+ "' or choose another batch.output-dir");
					}
				}
				return folder;
			}
			Path parent = folder.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			return POSIX ? Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER))
					: Files.createDirectory(folder);
		}
		catch (IOException ex) {
			throw new OutputFolderException("cannot create output folder " + folder + ": " + describe(ex), ex);
		}
	}

	/**
	 * Refuses files that are there already but are not what this class writes: open to
	 * other users (someone widened them, or they were put there by something else), or
	 * not plain files. They are left as they are; replacing them would hide that
	 * credentials were, or could have been, read.
	 */
	static void refuseUnsafeFiles(Path... files) {
		for (Path file : files) {
			try {
				if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
					continue;
				}
				if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
					throw new OutputFolderException(
							file + " exists and is not a plain file (a link or a folder?); it was"
									+ " left as it is: remove it, then run again");
				}
				if (POSIX) {
					Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file,
							LinkOption.NOFOLLOW_LINKS);
					if (permissions.stream().anyMatch(OTHERS::contains)) {
						throw new OutputFolderException(file + " exists and is open to other users ("
								+ PosixFilePermissions.toString(permissions)
								+ "); credentials must not be. It was left as it"
								+ " is: find out who could read it, remove it or run 'chmod 600 " + file
								+ "', then run again");
					}
				}
			}
			catch (IOException ex) {
				throw new OutputFolderException("cannot check " + file + ": " + describe(ex), ex);
			}
		}
	}

	/**
	 * Writes {@code target} completely (0600, synced to disk) and then puts it in place
	 * atomically. A temporary file left by an earlier write that was killed (it may hold
	 * some device keys) is removed.
	 */
	static void writeAtomically(Path target, WriterAction content) {
		writeBytesAtomically(target, (out) -> writeText(out, content));
	}

	/**
	 * Writes UTF-8 text into {@code out}, which stays open (it may be a cipher that the
	 * caller finishes).
	 */
	static void writeText(OutputStream out, WriterAction content) throws IOException {
		Writer writer = new BufferedWriter(new OutputStreamWriter(unclosable(out), StandardCharsets.UTF_8));
		// CSV printers and JSON generators close what they write to; flushing is what
		// they need
		content.write(new FilterWriter(writer) {
			@Override
			public void close() throws IOException {
				flush();
			}
		});
		writer.flush();
	}

	/** {@link #writeAtomically(Path, WriterAction)} for bytes (the CMS file). */
	static void writeBytesAtomically(Path target, StreamAction content) {
		String tempPrefix = "." + target.getFileName() + ".";
		Path temp = target.resolveSibling(tempPrefix + UUID.randomUUID() + TEMP_SUFFIX);
		try {
			removeLeftovers(target.toAbsolutePath().getParent(), tempPrefix);
			FileAttribute<?>[] attributes = POSIX
					? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(FILE) } : new FileAttribute<?>[0];
			try (FileChannel channel = FileChannel.open(temp,
					EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
				OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
				// the channel must stay open until synced, whatever the content closes
				content.write(unclosable(out));
				out.flush();
				channel.force(true);
			}
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			deleteQuietly(temp);
			throw new OutputFolderException("cannot write " + target + ": " + describe(ex), ex);
		}
		catch (UncheckedIOException ex) {
			// a write from inside the content (a CSV row) that failed: a full disk, a
			// file-size limit ...
			deleteQuietly(temp);
			throw new OutputFolderException("cannot write " + target + ": " + describe(ex.getCause()), ex);
		}
		catch (RuntimeException ex) {
			deleteQuietly(temp);
			throw ex;
		}
	}

	private static OutputStream unclosable(OutputStream out) {
		return new FilterOutputStream(out) {
			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				this.out.write(bytes, offset, length);
			}

			@Override
			public void close() throws IOException {
				flush();
			}
		};
	}

	/**
	 * Removes a file this class wrote, if it is there (credentials.csv once the
	 * credentials are encrypted).
	 */
	static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new OutputFolderException("cannot remove " + file + ": " + describe(ex), ex);
		}
	}

	private static void removeLeftovers(Path folder, String tempPrefix) throws IOException {
		try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, (file) -> {
			String name = file.getFileName().toString();
			return name.startsWith(tempPrefix) && name.endsWith(TEMP_SUFFIX);
		})) {
			for (Path leftover : leftovers) {
				Files.deleteIfExists(leftover);
			}
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// the original failure is what the operator needs to see
		}
	}

	/**
	 * What the file system said, e.g. "No space left on device", "Not a directory
	 * (/srv/out)", "access denied (...)".
	 */
	static String describe(IOException ex) {
		String reason = (ex instanceof FileSystemException fileSystem) ? fileSystem.getReason() : ex.getMessage();
		if (reason == null || reason.isBlank()) {
			// AccessDeniedException, NoSuchFileException ... say it with their class
			// alone
			reason = ex.getClass()
				.getSimpleName()
				.replace("Exception", "")
				.replaceAll("([a-z])([A-Z])", "$1 $2")
				.toLowerCase(Locale.ROOT);
		}
		String file = (ex instanceof FileSystemException fileSystem) ? fileSystem.getFile() : null;
		return (file != null) ? reason + " (" + file + ")" : reason;
	}

	@FunctionalInterface
	interface StreamAction {

		void write(OutputStream out) throws IOException;

	}

	@FunctionalInterface
	interface WriterAction {

		void write(Writer writer) throws IOException;

	}

}
