package io.dpsbatch.enrollment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.keys.InvalidKeyException;

/**
 * Turns the {@code dps.group-key*} and {@code dps.secondary-group-key*} properties (and
 * those of each {@code dps.enrollments.<name>}) into {@link EnrollmentKeys}. Every
 * problem becomes an {@link EnrollmentConfigurationException} naming the property or file
 * to fix, never the key itself.
 */
public final class EnrollmentKeysLoader {

	private EnrollmentKeysLoader() {
	}

	/**
	 * The default group's keys: {@code dps.group-key} or {@code -file}, and the optional
	 * secondary.
	 */
	public static EnrollmentKeys load(DefaultEnrollmentSettings settings) {
		EnrollmentKeys keys = loadGroup("dps", settings.groupKey(), settings.groupKeyFile(),
				settings.secondaryGroupKey(), settings.secondaryGroupKeyFile());
		if (keys == null) {
			throw new EnrollmentConfigurationException(
					"no enrollment group key: set DPS_GROUP_KEY, dps.group-key or dps.group-key-file");
		}
		return keys;
	}

	/**
	 * The keys of an enrollment group set under {@code prefix} ({@code dps}, or
	 * {@code dps.enrollments.<name>} of a named enrollment): {@code <prefix>.group-key}
	 * or {@code -file}, and the optional secondary.
	 * @return the keys, or {@code null} when no primary key is set
	 */
	static EnrollmentKeys loadGroup(String prefix, String groupKey, Path groupKeyFile, String secondaryGroupKey,
			Path secondaryGroupKeyFile) {
		GroupKey primary = read(prefix + ".group-key", groupKey, groupKeyFile);
		if (primary == null) {
			return null;
		}
		GroupKey secondary = read(prefix + ".secondary-group-key", secondaryGroupKey, secondaryGroupKeyFile);
		return new EnrollmentKeys(primary, secondary);
	}

	/**
	 * The key from the property or from its {@code -file} twin; {@code null} when neither
	 * is set.
	 */
	private static GroupKey read(String property, String value, Path file) {
		if (valueOrFile(property, value, file)) {
			return parse(value, property);
		}
		if (file != null) {
			return parse(readFile(property + "-file", file), property + "-file " + file);
		}
		return null;
	}

	/**
	 * Whether a property is set: an empty environment variable ({@code DPS_GROUP_KEY=})
	 * counts as not set, as scripts often export empty values.
	 */
	static boolean isSet(String value) {
		return value != null && !value.isBlank();
	}

	/** Whether a property is set, as a value or through its {@code -file} twin. */
	static boolean isSet(String value, Path file) {
		return isSet(value) || file != null;
	}

	/**
	 * Whether {@code property} is set as a value rather than through its {@code -file}
	 * twin; setting both is refused.
	 */
	static boolean valueOrFile(String property, String value, Path file) {
		boolean hasValue = isSet(value);
		if (hasValue && file != null) {
			throw new EnrollmentConfigurationException(
					"both " + property + " and " + property + "-file are set: set only one of them");
		}
		return hasValue;
	}

	private static String readFile(String property, Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8).strip();
		}
		catch (NoSuchFileException ex) {
			throw new EnrollmentConfigurationException("cannot read " + property + " " + file + ": no such file", ex);
		}
		catch (AccessDeniedException ex) {
			throw new EnrollmentConfigurationException("cannot read " + property + " " + file + ": permission denied",
					ex);
		}
		catch (IOException ex) {
			// a malformed (non UTF-8) file lands here too; the exception names the file,
			// never its content
			throw new EnrollmentConfigurationException("cannot read " + property + " " + file + ": " + ex.getMessage(),
					ex);
		}
	}

	private static GroupKey parse(String base64, String source) {
		try {
			return GroupKey.fromBase64(base64);
		}
		catch (InvalidKeyException ex) {
			throw new EnrollmentConfigurationException(
					"the enrollment group key from " + source + " is unusable: " + ex.getMessage(), ex);
		}
	}

}
