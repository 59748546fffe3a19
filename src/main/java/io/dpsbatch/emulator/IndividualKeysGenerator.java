package io.dpsbatch.emulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import io.dpsbatch.keys.IndividualKeysFile;
import io.dpsbatch.manifest.CsvManifestReader;
import io.dpsbatch.manifest.ManifestRow;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Writes individual enrollments for a rehearsal, as {@code az iot dps enrollment create}
 * followed by {@code enrollment show --show-keys} would give them: for every row of a
 * manifest whose {@code enrollment} cell names the enrollment and whose device the keys
 * file lacks, a primary and a secondary key of 64 random bytes (DPS's size when it
 * generates keys, concepts-symmetric-key-attestation). Devices already in the file keep
 * their keys, so a rehearsal can be stopped and resumed. The file is written whole under
 * a temporary name (mode 0600 from the start) and moved into place.
 */
final class IndividualKeysGenerator {

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private IndividualKeysGenerator() {
	}

	/**
	 * @param name the enrollment's name, as the manifest's {@code enrollment} cells give
	 * it (without regard to case)
	 * @return how many devices were added
	 */
	static int addMissing(Path keysFile, Path manifest, String name, String property) {
		Set<String> existing = new HashSet<>();
		IndividualKeysFile current = Files.exists(keysFile) ? IndividualKeysFile.open(keysFile, property) : null;
		Path directory = keysFile.toAbsolutePath().getParent();
		try {
			Files.createDirectories(directory);
			FileAttribute<?>[] ownerOnly = POSIX
					? new FileAttribute<?>[] {
							PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
					: new FileAttribute<?>[0];
			Path temporary = Files.createTempFile(directory, "." + keysFile.getFileName(), ".tmp", ownerOnly);
			int added = 0;
			try {
				try (OutputStream file = Files.newOutputStream(temporary);
						Writer out = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.US_ASCII))) {
					if (current != null) {
						// copied as bytes, not held: the file may have a million devices
						// (a blank line is ignored)
						Files.copy(keysFile, file);
						file.write('\n');
					}
					else {
						out.write("registrationId,primaryKey,secondaryKey\n");
					}
					added = writeMissing(out, manifest, name, current, existing);
				}
				if (added > 0 || current == null) {
					move(temporary, keysFile);
				}
			}
			finally {
				Files.deleteIfExists(temporary);
			}
			return added;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + property + " " + keysFile, ex);
		}
		finally {
			if (current != null) {
				current.close();
			}
		}
	}

	private static int writeMissing(Writer out, Path manifest, String name, IndividualKeysFile current,
			Set<String> written) throws IOException {
		CsvManifestReader reader = new CsvManifestReader(manifest);
		reader.open(new ExecutionContext());
		int added = 0;
		try {
			for (ManifestRow row = reader.read(); row != null; row = reader.read()) {
				String id = row.registrationId();
				boolean ours = row.enrollment() != null && row.enrollment().strip().equalsIgnoreCase(name);
				if (!ours || !RegistrationIds.valid(id) || (current != null && current.contains(id))
						|| !written.add(id.toLowerCase(Locale.ROOT))) {
					continue;
				}
				out.write(id + "," + EnrollmentGroupKeys.newKey() + "," + EnrollmentGroupKeys.newKey() + "\n");
				added++;
			}
		}
		catch (Exception ex) {
			throw (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
		}
		finally {
			reader.close();
		}
		return added;
	}

	private static void move(Path temporary, Path target) throws IOException {
		try {
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

}
