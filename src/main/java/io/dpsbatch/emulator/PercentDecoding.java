package io.dpsbatch.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes {@code %XX} escapes (RFC 3986) as UTF-8. Unlike {@link java.net.URLDecoder} it
 * leaves {@code +} alone: in a path segment or a SAS field a {@code +} is a plus (a
 * base64 signature sent without encoding must keep it), never a space.
 */
final class PercentDecoding {

	private PercentDecoding() {
	}

	/**
	 * @throws IllegalArgumentException on a truncated or non-hex escape, or bytes that
	 * are not UTF-8
	 */
	static String decode(String value) {
		int firstEscape = value.indexOf('%');
		if (firstEscape < 0) {
			return value;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
		bytes.writeBytes(value.substring(0, firstEscape).getBytes(StandardCharsets.UTF_8));
		int i = firstEscape;
		while (i < value.length()) {
			char c = value.charAt(i);
			if (c == '%') {
				if (i + 2 >= value.length()) {
					throw new IllegalArgumentException("truncated percent escape");
				}
				int high = Character.digit(value.charAt(i + 1), 16);
				int low = Character.digit(value.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					throw new IllegalArgumentException("invalid percent escape");
				}
				bytes.write((high << 4) | low);
				i += 3;
			}
			else {
				int end = i + 1;
				while (end < value.length() && value.charAt(end) != '%') {
					end++;
				}
				bytes.writeBytes(value.substring(i, end).getBytes(StandardCharsets.UTF_8));
				i = end;
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("percent escapes are not UTF-8");
		}
	}

}
