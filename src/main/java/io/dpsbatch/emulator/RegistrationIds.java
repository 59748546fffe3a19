package io.dpsbatch.emulator;

import java.util.Locale;

/**
 * The emulator's own reading of DPS's registration ID rule, kept apart from the client's
 * {@code io.dpsbatch.manifest.RegistrationIdRules} so that a mistake in either shows up
 * against the other. DPS's documentation
 * (learn.microsoft.com/azure/iot-dps/concepts-service, "Registration ID"; the same text
 * in iot-dps-https-sym-key-support and how-to-legacy-device-symm-key): "a
 * case-insensitive string (up to 128 characters long) of alphanumeric characters plus the
 * special characters: '-', '.', '_', ':'. The last character must be alphanumeric or dash
 * ('-')."
 * <p>
 * The REST reference's "no special characters allowed at start or end" conflicts with the
 * documented trailing dash; the emulator follows the service documentation
 * (docs/dps.md#registration-ids) and puts no rule on the first character. "Alphanumeric"
 * is read as ASCII letters and digits.
 */
final class RegistrationIds {

	static final int MAX_LENGTH = 128;

	private RegistrationIds() {
	}

	static boolean valid(String id) {
		if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (!alphanumeric(c) && "-._:".indexOf(c) < 0) {
				return false;
			}
		}
		char last = id.charAt(id.length() - 1);
		return alphanumeric(last) || last == '-';
	}

	/**
	 * The key of a device in the emulator: IDs that differ only by case are the same
	 * registration.
	 */
	static String key(String id) {
		return id.toLowerCase(Locale.ROOT);
	}

	private static boolean alphanumeric(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

}
