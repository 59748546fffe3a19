package io.dpsbatch.manifest;

import java.util.Locale;
import java.util.Optional;

/**
 * DPS's rules for a registration ID (learn.microsoft.com/azure/iot-dps/concepts-service):
 * at most 128 characters, alphanumerics and {@code - . _ :}, the last character
 * alphanumeric or {@code -}. IDs are case-insensitive, so two IDs that differ only by
 * case are the same device.
 */
public final class RegistrationIdRules {

	public static final int MAX_LENGTH = 128;

	private RegistrationIdRules() {
	}

	/**
	 * Why the ID is not acceptable to DPS, in words an operator understands; empty when
	 * it is fine.
	 */
	public static Optional<String> problemWith(String id) {
		if (id == null || id.isEmpty()) {
			return Optional.of("registration ID is empty");
		}
		if (id.length() > MAX_LENGTH) {
			return Optional
				.of("registration ID is " + id.length() + " characters long; DPS allows at most " + MAX_LENGTH);
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (!isAllowed(c)) {
				return Optional.of("registration ID contains " + describe(c) + " at position " + (i + 1)
						+ "; DPS allows only letters, digits and - . _ :");
			}
		}
		char last = id.charAt(id.length() - 1);
		if (!(isAsciiLetterOrDigit(last) || last == '-')) {
			return Optional.of("registration ID ends with '" + last
					+ "'; DPS requires the last character to be a letter, digit or -");
		}
		return Optional.empty();
	}

	/**
	 * The key under which two IDs count as the same device (DPS IDs are
	 * case-insensitive).
	 */
	public static String identityKey(String id) {
		return id.toLowerCase(Locale.ROOT);
	}

	private static boolean isAllowed(char c) {
		return isAsciiLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == ':';
	}

	private static boolean isAsciiLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	private static String describe(char c) {
		if (c == ' ') {
			return "a space";
		}
		if (Character.isISOControl(c) || Character.isWhitespace(c)) {
			return String.format("a control character (U+%04X)", (int) c);
		}
		if (Character.isSurrogate(c)) {
			return "a non-ASCII character";
		}
		return "'" + c + "'";
	}

}
