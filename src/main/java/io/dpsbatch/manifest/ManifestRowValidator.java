package io.dpsbatch.manifest;

import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides whether a manifest row can be registered, and if not, says why in words an
 * operator understands (the reason goes to rejects.csv). Duplicate registration IDs are
 * not decided here: that needs every row, and the job finds them in the results store.
 * <p>
 * Rules, checked in this order, the first failing one giving the reason:
 * <ol>
 * <li>the record itself is well-formed ({@link ManifestRow#readProblem()});</li>
 * <li>the registration ID has no whitespace around it: an ID is used exactly as written,
 * so a stray space is reported rather than silently trimmed into a different ID;</li>
 * <li>the registration ID follows DPS's rules ({@link RegistrationIdRules});</li>
 * <li>a payload, when there is one, is a single JSON object of at most
 * {@value #MAX_PAYLOAD_BYTES} bytes, nested at most {@value #MAX_PAYLOAD_DEPTH} levels,
 * without a key repeated in one object;</li>
 * <li>no attribute value is longer than {@value #MAX_ATTRIBUTE_LENGTH} characters or
 * holds a control character other than a tab or a line break;</li>
 * <li>an {@code enrollment} cell, when there is one, is an enrollment name (1 to
 * {@value #MAX_ENROLLMENT_NAME} letters, digits, '-' and '_', spaces around it ignored):
 * whether that enrollment is configured is decided where the configuration is known, and
 * its reason may then quote the name safely.</li>
 * </ol>
 * Thread-safe. rejects.csv gives the first rule that fails, so the order above is part of
 * what an operator reads.
 */
public final class ManifestRowValidator {

	/** Largest payload accepted, in UTF-8 bytes. */
	public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

	/**
	 * Deepest nesting of objects and arrays accepted in a payload; the payload object
	 * itself is level 1.
	 */
	public static final int MAX_PAYLOAD_DEPTH = 32;

	/**
	 * Longest attribute value accepted, in characters, so the results store and output
	 * files stay sane.
	 */
	public static final int MAX_ATTRIBUTE_LENGTH = 4096;

	/** Longest enrollment name, as {@code dps.enrollments.<name>} allows. */
	public static final int MAX_ENROLLMENT_NAME = 64;

	/**
	 * How much of a bad payload a reason quotes: enough to recognise it, short enough for
	 * a CSV cell.
	 */
	private static final int QUOTED_CHARS = 40;

	private static final int MAX_DETAIL_CHARS = 100;

	private final JsonMapper json;

	public ManifestRowValidator() {
		// The limits are checked here before parsing, with clearer messages; the parser's
		// own constraints are the backstop that keeps a hostile payload from costing
		// memory.
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(MAX_PAYLOAD_DEPTH + 1)
			.maxDocumentLength(MAX_PAYLOAD_BYTES)
			.maxStringLength(MAX_PAYLOAD_BYTES)
			.maxNameLength(MAX_PAYLOAD_BYTES)
			.build();
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(constraints)
			// what DPS or a custom allocation function makes of a repeated key is
			// anybody's guess
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
		this.json = JsonMapper.builder(factory).build();
	}

	/** Why the row cannot be registered, or empty when it can. */
	public Optional<String> problemWith(ManifestRow row) {
		if (row.readProblem() != null) {
			return Optional.of(row.readProblem());
		}
		Optional<String> idProblem = registrationIdProblem(row.registrationId());
		if (idProblem.isPresent()) {
			return idProblem;
		}
		if (row.payload() != null) {
			Optional<String> payloadProblem = payloadProblem(row.payload());
			if (payloadProblem.isPresent()) {
				return payloadProblem;
			}
		}
		Optional<String> attributeProblem = attributeProblem(row.attributes());
		if (attributeProblem.isPresent() || row.enrollment() == null) {
			return attributeProblem;
		}
		return enrollmentProblem(row.enrollment().strip());
	}

	private static Optional<String> enrollmentProblem(String name) {
		if (name.length() > MAX_ENROLLMENT_NAME) {
			return Optional.of("the enrollment cell is " + name.length() + " characters; an enrollment name is at most "
					+ MAX_ENROLLMENT_NAME);
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean nameCharacter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| c == '-' || c == '_';
			if (!nameCharacter) {
				return Optional.of("the enrollment cell has a character other than letters, digits, '-' and '_' at"
						+ " position " + (i + 1) + "; it names one of dps.enrollments");
			}
		}
		return Optional.empty();
	}

	private static Optional<String> registrationIdProblem(String id) {
		if (!id.isEmpty()) {
			char last = id.charAt(id.length() - 1);
			if (isSpace(last)) {
				return Optional.of("registration ID ends with " + describeSpace(last)
						+ "; remove it (IDs are used exactly as written, never trimmed)");
			}
			char first = id.charAt(0);
			if (isSpace(first)) {
				return Optional.of("registration ID starts with " + describeSpace(first)
						+ "; remove it (IDs are used exactly as written, never trimmed)");
			}
		}
		return RegistrationIdRules.problemWith(id);
	}

	private Optional<String> payloadProblem(String payload) {
		long bytes = utf8Length(payload);
		if (bytes > MAX_PAYLOAD_BYTES) {
			return Optional.of("payload is " + bytes + " bytes; at most " + MAX_PAYLOAD_BYTES + " (64 KiB)");
		}
		try (JsonParser parser = this.json.createParser(payload)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				return Optional
					.of("payload must be a JSON object ({...}), but it is " + describe(first) + ": " + quote(payload));
			}
			int depth = 1;
			while (depth > 0) {
				JsonToken token = parser.nextToken();
				if (token == null) {
					return Optional
						.of("payload is not valid JSON: it ends before the object is closed: " + quote(payload));
				}
				if (token.isStructStart() && ++depth > MAX_PAYLOAD_DEPTH) {
					return Optional.of("payload is nested more than " + MAX_PAYLOAD_DEPTH + " levels deep");
				}
				if (token.isStructEnd()) {
					depth--;
				}
			}
			if (parser.nextToken() != null) {
				return Optional.of("payload has more text after the JSON object: " + quote(payload));
			}
			return Optional.empty();
		}
		catch (StreamConstraintsException ex) {
			return Optional.of("payload exceeds a limit of the JSON reader: " + detail(ex));
		}
		catch (JacksonException ex) {
			String detail = detail(ex);
			if (detail.startsWith("Duplicate ")) {
				return Optional.of("payload repeats a key in one object (" + detail + "): " + quote(payload));
			}
			long at = (ex.getLocation() != null) ? ex.getLocation().getCharOffset() : -1;
			String where = (at < 0) ? "" : (at >= payload.length()) ? " at the end" : " at character " + (at + 1);
			return Optional.of("payload is not valid JSON (" + detail + where + "): " + quote(payload));
		}
	}

	/**
	 * Jackson's message without the parts meant for developers (the source, the setting
	 * behind a limit).
	 */
	private static String detail(JacksonException ex) {
		String message = String.valueOf(ex.getOriginalMessage())
			.replaceFirst("\\s*\\(start marker at .*", "")
			.replaceAll(", from `[^`]*`", "");
		return shorten(message, MAX_DETAIL_CHARS);
	}

	private static Optional<String> attributeProblem(Map<String, String> attributes) {
		for (Map.Entry<String, String> attribute : attributes.entrySet()) {
			String value = attribute.getValue();
			if (value.length() > MAX_ATTRIBUTE_LENGTH) {
				int length = value.codePointCount(0, value.length());
				if (length > MAX_ATTRIBUTE_LENGTH) {
					return Optional.of("attribute " + attribute.getKey() + " is " + length + " characters; at most "
							+ MAX_ATTRIBUTE_LENGTH);
				}
			}
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
					// an escape sequence or a bell is never data; it would reach the
					// flashing station's files
					return Optional.of(String.format(
							"attribute %s contains a control character (U+%04X) at position %d;"
									+ " values must be text (tabs and line breaks are allowed)",
							attribute.getKey(), (int) c, i + 1));
				}
			}
		}
		return Optional.empty();
	}

	private static String describe(JsonToken token) {
		if (token == null) {
			return "empty";
		}
		return switch (token) {
			case START_ARRAY -> "an array";
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			default -> token.name();
		};
	}

	/** The start of a bad value on one line, to recognise it by in rejects.csv. */
	static String quote(String value) {
		return shorten(value, QUOTED_CHARS);
	}

	private static String shorten(String text, int max) {
		if (text == null) {
			return "";
		}
		String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
		if (oneLine.length() <= max) {
			return oneLine;
		}
		int end = max;
		if (Character.isHighSurrogate(oneLine.charAt(end - 1))) {
			end--;
		}
		return oneLine.substring(0, end) + "...";
	}

	private static boolean isSpace(char c) {
		return Character.isWhitespace(c) || Character.isSpaceChar(c);
	}

	private static String describeSpace(char c) {
		return switch (c) {
			case ' ' -> "a space";
			case '\t' -> "a tab";
			case '\r', '\n' -> "a line break";
			default -> String.format("whitespace (U+%04X)", (int) c);
		};
	}

	private static long utf8Length(String text) {
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

}
