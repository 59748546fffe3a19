package io.dpsbatch.dps;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The URLs of the three DPS device calls. Every path segment is percent-encoded (RFC
 * 3986: everything but the unreserved characters), so an ID can never change the path it
 * is put into.
 */
final class DpsUris {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private final String idScope;

	private final String registrations;

	private final String query;

	/**
	 * @param endpoint the DPS base URL, with or without a port or a trailing '/'
	 */
	DpsUris(URI endpoint, String idScope, String apiVersion) {
		String base = endpoint.toString();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		this.idScope = idScope;
		this.registrations = base + "/" + encodeSegment(idScope) + "/registrations/";
		this.query = "?api-version=" + encodeSegment(apiVersion);
	}

	/** The ID scope of the instance, which a request's SAS token names. */
	String idScope() {
		return this.idScope;
	}

	/** {@code PUT}: the billable register call. */
	URI register(String registrationId) {
		return URI.create(this.registrations + encodeSegment(registrationId) + "/register" + this.query);
	}

	/** {@code GET}: the status of a registration operation under way. */
	URI operation(String registrationId, String operationId) {
		return URI.create(this.registrations + encodeSegment(registrationId) + "/operations/"
				+ encodeSegment(operationId) + this.query);
	}

	/** {@code POST}: the device registration status lookup, not billable. */
	URI lookup(String registrationId) {
		return URI.create(this.registrations + encodeSegment(registrationId) + this.query);
	}

	static String encodeSegment(String value) {
		StringBuilder encoded = new StringBuilder(value.length());
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if (isUnreserved(c)) {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
		}
		return encoded.toString();
	}

	private static boolean isUnreserved(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

}
