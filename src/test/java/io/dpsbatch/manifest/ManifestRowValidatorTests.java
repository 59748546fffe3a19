package io.dpsbatch.manifest;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestRowValidatorTests {

	private final ManifestRowValidator validator = new ManifestRowValidator();

	@Test
	void acceptsARowWithoutPayload() {
		assertThat(this.validator.problemWith(row("sensor-th200-000123", null))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"site\":\"plant-2\"}",
			" { \"site\" : \"plant-2\" , \"n\" : [1, 2, {\"x\": null}] } ", "{\"a\":{\"b\":{\"c\":true}}}",
			"{\n  \"site\": \"plant-2\"\n}\n", "{\"ort\":\"Köln ✓ \uD83C\uDFED\"}" })
	void acceptsAPayloadThatIsAJsonObject(String payload) {
		assertThat(this.validator.problemWith(row("sensor-1", payload))).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			[1,2]                 | payload must be a JSON object ({...}), but it is an array: [1,2]
			42                    | payload must be a JSON object ({...}), but it is a number: 42
			"plant-2"             | payload must be a JSON object ({...}), but it is a string: "plant-2"
			true                  | payload must be a JSON object ({...}), but it is a boolean: true
			null                  | payload must be a JSON object ({...}), but it is null: null
			""")
	void rejectsAPayloadThatIsNotAnObject(String payload, String reason) {
		assertThat(this.validator.problemWith(row("sensor-1", payload))).hasValue(reason);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{site: plant-2}", "{\"site\":\"plant-2\"", "{\"site\":}", "{'site':'plant-2'}", "plant-2",
			"{\"a\":1,}" })
	void rejectsInvalidJson(String payload) {
		assertThat(this.validator.problemWith(row("sensor-1", payload))).hasValueSatisfying(
				(reason) -> assertThat(reason).startsWith("payload is not valid JSON").endsWith(": " + payload));
	}

	@Test
	void rejectsTextAfterTheObject() {
		assertThat(this.validator.problemWith(row("sensor-1", "{\"a\":1} {\"b\":2}")))
			.hasValueSatisfying((reason) -> assertThat(reason).startsWith("payload ").contains("{\"a\":1} {\"b\":2}"));
		assertThat(this.validator.problemWith(row("sensor-1", "{\"a\":1} x"))).isPresent();
	}

	@Test
	void rejectsAKeyRepeatedInOneObject() {
		assertThat(this.validator.problemWith(row("sensor-1", "{\"site\":\"a\",\"site\":\"b\"}")))
			.hasValueSatisfying((reason) -> assertThat(reason).startsWith("payload repeats a key").contains("site"));
	}

	@Test
	void quotesAtMostFortyCharactersOfABadPayload() {
		String payload = "[\"" + "x".repeat(200) + "\"]";
		assertThat(this.validator.problemWith(row("sensor-1", payload))).hasValueSatisfying(
				(reason) -> assertThat(reason).endsWith(": [\"" + "x".repeat(38) + "...").hasSizeLessThan(120));
	}

	@Test
	void keepsTheReasonOnOneLine() {
		assertThat(this.validator.problemWith(row("sensor-1", "[\n1,\r\n2]")))
			.hasValueSatisfying((reason) -> assertThat(reason).doesNotContain("\n", "\r").endsWith(": [ 1, 2]"));
	}

	@Test
	void acceptsNestingUpToThirtyTwoLevels() {
		assertThat(this.validator.problemWith(row("sensor-1", nested(32)))).isEmpty();
	}

	@Test
	void rejectsNestingDeeperThanThirtyTwoLevels() {
		assertThat(this.validator.problemWith(row("sensor-1", nested(33))))
			.hasValue("payload is nested more than 32 levels deep");
		// a hostile payload within the size limit: a deep stack of arrays must cost
		// neither stack nor memory
		assertThat(
				this.validator.problemWith(row("sensor-1", "{\"a\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}")))
			.hasValue("payload is nested more than 32 levels deep");
	}

	@Test
	void rejectsAValueBeyondTheJsonReadersLimits() {
		assertThat(this.validator.problemWith(row("sensor-1", "{\"n\":" + "1".repeat(5000) + "}"))).hasValue(
				"payload exceeds a limit of the JSON reader: Number value length (5000) exceeds the maximum allowed (1000)");
	}

	@Test
	void explainsAnUnclosedObjectWithoutParserInternals() {
		assertThat(this.validator.problemWith(row("sensor-1", "{\"site\":\"plant-2\""))).hasValue(
				"payload is not valid JSON (Unexpected end-of-input: expected close marker for Object at the end):"
						+ " {\"site\":\"plant-2\"");
	}

	@Test
	void acceptsAPayloadOfExactly64KiB() {
		String payload = payloadOfBytes(64 * 1024);
		assertThat(this.validator.problemWith(row("sensor-1", payload))).isEmpty();
	}

	@Test
	void rejectsAPayloadOver64KiB() {
		assertThat(this.validator.problemWith(row("sensor-1", payloadOfBytes(64 * 1024 + 1))))
			.hasValue("payload is 65537 bytes; at most 65536 (64 KiB)");
	}

	@Test
	void measuresThePayloadInUtf8Bytes() {
		// 30,000 three-byte characters: well under 64 Ki characters, over 64 KiB
		String payload = "{\"s\":\"" + "€".repeat(30_000) + "\"}";
		assertThat(this.validator.problemWith(row("sensor-1", payload)))
			.hasValue("payload is " + (8 + 90_000) + " bytes; at most 65536 (64 KiB)");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '\'',
			textBlock = """
					''                     | registration ID is empty
					'sensor-1 '            | registration ID ends with a space; remove it (IDs are used exactly as written, never trimmed)
					' sensor-1'            | registration ID starts with a space; remove it (IDs are used exactly as written, never trimmed)
					'sensor 1'             | registration ID contains a space at position 7; DPS allows only letters, digits and - . _ :
					'sensor-1.'            | registration ID ends with '.'; DPS requires the last character to be a letter, digit or -
					""")
	void rejectsRegistrationIdProblems(String id, String reason) {
		assertThat(this.validator.problemWith(row(id, null))).hasValue(reason);
	}

	@Test
	void namesTheKindOfWhitespaceAroundAnId() {
		assertThat(this.validator.problemWith(row("sensor-1\t", null)))
			.hasValueSatisfying((reason) -> assertThat(reason).startsWith("registration ID ends with a tab"));
		assertThat(this.validator.problemWith(row("sensor-1\n", null)))
			.hasValueSatisfying((reason) -> assertThat(reason).startsWith("registration ID ends with a line break"));
		assertThat(this.validator.problemWith(row("\u00A0sensor-1", null))).hasValueSatisfying(
				(reason) -> assertThat(reason).startsWith("registration ID starts with whitespace (U+00A0)"));
	}

	@Test
	void rejectsAnIdLongerThan128Characters() {
		assertThat(this.validator.problemWith(row("s".repeat(129), null)))
			.hasValue("registration ID is 129 characters long; DPS allows at most 128");
	}

	@Test
	void reportsTheIdBeforeThePayload() {
		assertThat(this.validator.problemWith(row("sensor.", "[1]")))
			.hasValueSatisfying((reason) -> assertThat(reason).startsWith("registration ID ends with '.'"));
	}

	@Test
	void reportsTheReadProblemFirst() {
		ManifestRow row = new ManifestRow(7, "sensor.", "[1]", Map.of(), "row has 7 fields, header has 6");
		assertThat(this.validator.problemWith(row)).hasValue("row has 7 fields, header has 6");
	}

	@Test
	void acceptsAnAttributeOf4096Characters() {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("serialNumber", "x".repeat(4096));
		// 4096 characters in 8192 chars
		attributes.put("note", "\uD83C\uDFED".repeat(4096));
		assertThat(this.validator.problemWith(new ManifestRow(2, "sensor-1", null, attributes))).isEmpty();
	}

	@Test
	void rejectsALongAttribute() {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("serialNumber", "TH200-1");
		attributes.put("note", "x".repeat(5000));
		assertThat(this.validator.problemWith(new ManifestRow(2, "sensor-1", null, attributes)))
			.hasValue("attribute note is 5000 characters; at most 4096");
	}

	@Test
	void anEnrollmentCellMustBeAnEnrollmentNameAndIsNotQuotedWhenItIsNot() {
		assertThat(this.validator.problemWith(new ManifestRow(2, "dev-1", null, Map.of(), null, " Line_B-2 ")))
			.isEmpty();
		assertThat(this.validator.problemWith(new ManifestRow(2, "dev-1", null, Map.of(), null, "line b")))
			.hasValue("the enrollment cell has a character other than letters, digits, '-' and '_' at position 5;"
					+ " it names one of dps.enrollments");
		assertThat(this.validator.problemWith(new ManifestRow(2, "dev-1", null, Map.of(), null, "x\u001b[2J")))
			.hasValueSatisfying((reason) -> assertThat(reason).doesNotContain("\u001b").contains("position 2"));
		assertThat(this.validator.problemWith(new ManifestRow(2, "dev-1", null, Map.of(), null, "a".repeat(65))))
			.hasValue("the enrollment cell is 65 characters; an enrollment name is at most 64");
	}

	private static ManifestRow row(String id, String payload) {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("serialNumber", "TH200-2611-000123");
		return new ManifestRow(2, id, payload, attributes);
	}

	private static String nested(int depth) {
		// an object holding depth - 1 nested arrays
		return "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
	}

	private static String payloadOfBytes(int bytes) {
		String frame = "{\"s\":\"\"}";
		return "{\"s\":\"" + "x".repeat(bytes - frame.length()) + "\"}";
	}

	@Test
	void rejectsAControlCharacterInAnAttributeButNotTabsOrLineBreaks() {
		assertThat(this.validator.problemWith(new ManifestRow(2, "dev-1", null, Map.of("note", "red\u001b[2Jtext"))))
			.contains(
					"attribute note contains a control character (U+001B) at position 4; values must be text (tabs and"
							+ " line breaks are allowed)");
		assertThat(this.validator.problemWith(new ManifestRow(2, "dev-1", null, Map.of("note", "a\u0085b"))))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("U+0085"));
		assertThat(this.validator.problemWith(new ManifestRow(2, "dev-1", null, Map.of("note", "a\tb\r\nc"))))
			.isEmpty();
	}

}
