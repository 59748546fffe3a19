package io.dpsbatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.WithEmulator;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.output.OpenSsl;
import io.dpsbatch.output.TestCertificates;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation, and where the keys go: nowhere but credentials.csv. The emulator here
 * accepts only the secondary group key, as DPS does once an enrollment's keys were
 * rotated; the client has both.
 */
@WithEmulator({ "assignment-delay=0ms", "retry-after=0", "group-key=" + SecretsIntegrationTests.PRIMARY,
		"secondary-group-key=" + SecretsIntegrationTests.SECONDARY, "accept-keys=SECONDARY",
		"failing-ids=secret-dev-0007", "disabled-ids=secret-dev-0008" })
class SecretsIntegrationTests {

	/**
	 * base64 of "the primary group key of this test; 64 bytes long, never to be seen" (64
	 * bytes).
	 */
	static final String PRIMARY = "dGhlIHByaW1hcnkgZ3JvdXAga2V5IG9mIHRoaXMgdGVzdDsgNjQgYnl0ZXMgbG9uZywgbmV2ZXIgdG8gYmUgcw==";

	/**
	 * base64 of the first 64 bytes of "the secondary group key of this test, which DPS
	 * now takes as its own".
	 */
	static final String SECONDARY = "dGhlIHNlY29uZGFyeSBncm91cCBrZXkgb2YgdGhpcyB0ZXN0LCB3aGljaCBEUFMgbm93IHRha2VzIGFzIGl0cw==";

	private static final int DEVICES = 30;

	@TempDir
	Path work;

	private DpsEmulator emulator;

	private CliRunner cli;

	private Path manifest;

	@BeforeEach
	void startEmulator(DpsEmulator emulator) throws IOException {
		this.emulator = emulator;
		this.cli = new CliRunner(this.work).against(this.emulator)
			.with("--dps.group-key=" + PRIMARY)
			.with("--dps.secondary-group-key=" + SECONDARY);
		this.manifest = TestManifests.devices(this.work.resolve("secrets.csv"), "secret-dev", DEVICES);
		Files.writeString(this.manifest, "secret dev with spaces,SN-X\n", StandardOpenOption.APPEND);
	}

	@Test
	void devicesThatDpsRefusesWithThePrimaryKeyAreRegisteredWithTheSecondaryAndCounted() throws IOException {
		CliRunner.Result result = this.cli.run("provision", "--manifest", this.manifest.toString());

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		// the failed and the disabled device also needed the secondary key to hear so
		// from DPS
		assertThat(result.out()).contains(DEVICES + " device(s) were registered with the secondary group key");
		JsonNode summary = JsonMapper.builder()
			.build()
			.readTree(this.cli.outputOf("secrets").resolve("summary.json").toFile());
		assertThat(summary.get("registeredWithSecondaryKey").asLong()).isEqualTo(DEVICES);
		int assigned = DEVICES - 2;
		List<CSVRecord> credentials = ProvisionCommandIntegrationTests
			.csv(this.cli.outputOf("secrets").resolve("credentials.csv"));
		assertThat(credentials).hasSize(assigned)
			.allSatisfy((device) -> assertThat(device.get("deviceKey"))
				.isEqualTo(GroupKey.fromBase64(SECONDARY).deriveDeviceKey(device.get("registrationId")).toBase64()));
		// the primary key refused twice (the second time with a new token) at most, then
		// the secondary; once the rotation is learned, new devices start with the
		// secondary (its cost: DpsInProductionIntegrationTests)
		assertThat(this.emulator.counts().unauthorized()).isBetween(2L, 2L * DEVICES);
		assertThat(this.emulator.counts().registerCallsByDevice()).hasSize(DEVICES)
			.allSatisfy((id, calls) -> assertThat(calls).isEqualTo(1));
	}

	@Test
	void noKeyReachesALogLineAnExceptionAJobParameterTheDatabaseOrAFileOtherThanCredentials() throws Exception {
		// the most talkative logging there is: job parameters, contexts and every SQL
		// parameter value
		CliRunner talkative = this.cli.with("--logging.level.io.dpsbatch=TRACE")
			.with("--logging.level.org.springframework.batch=DEBUG")
			.with("--logging.level.org.springframework.jdbc.core=TRACE");
		StringBuilder seen = new StringBuilder();
		try (ConsoleCapture console = ConsoleCapture.start()) {
			// a run that fails (DPS unreachable): exceptions in logs, in the job
			// repository, on the console
			CliRunner.Result failed = talkative.with("--dps.global-endpoint=https://127.0.0.1:1")
				.run("provision", "--manifest", this.manifest.toString());
			assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
			// the run that resumes it, with rejects, failures and the secondary key
			CliRunner.Result resumed = talkative.with("--dps.global-endpoint=" + this.emulator.endpoint())
				.run("provision", "--manifest", this.manifest.toString());
			assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCodes.INCOMPLETE);
			CliRunner.Result exported = talkative.run("export", "--batch", "secrets");
			CliRunner.Result status = talkative.run("status", "--batch", "secrets");
			for (CliRunner.Result result : List.of(failed, resumed, exported, status)) {
				seen.append(result.out()).append(result.err());
			}
			seen.append(console.text());
		}
		Map<String, byte[]> secrets = secrets();
		Path credentials = this.cli.outputOf("secrets").resolve("credentials.csv");
		assertThat(find(secrets, Files.readAllBytes(credentials))).as("the search finds keys where they are")
			.hasSize(DEVICES - 2);
		assertThat(seen).as("the logs were captured")
			.contains("Setting SQL statement parameter value")
			.contains("cannot reach DPS");

		assertThat(find(secrets, seen.toString().getBytes(StandardCharsets.UTF_8))).as("console and logs").isEmpty();
		List<Path> files;
		try (Stream<Path> walk = Stream.concat(Files.walk(this.work.resolve("out")),
				Files.walk(this.work.resolve("data")))) {
			files = walk.filter(Files::isRegularFile).filter((file) -> !file.equals(credentials)).toList();
		}
		assertThat(files).extracting((file) -> file.getFileName().toString())
			.contains("failures.csv", "rejects.csv", "summary.json", "dps-batch.mv.db");
		for (Path file : files) {
			assertThat(find(secrets, Files.readAllBytes(file))).as(file.toString()).isEmpty();
		}
		Map<String, List<String>> rowsByTable = new LinkedHashMap<>();
		List<String> found = scanDatabase(secrets, rowsByTable);
		assertThat(rowsByTable).as("tables scanned")
			.containsKeys("BATCH_JOB_EXECUTION_PARAMS", "BATCH_JOB_EXECUTION_CONTEXT", "BATCH_STEP_EXECUTION_CONTEXT",
					"BATCH_STEP_EXECUTION", "DPSB_BATCH", "DPSB_DEVICE");
		assertThat(rowsByTable.get("DPSB_DEVICE")).hasSize(DEVICES + 1);
		assertThat(found).as("database rows").isEmpty();
	}

	@Test
	void withRecipientsNoFileHoldsADeviceKeyAndEveryRecipientOpensTheCredentialsWithOpenSsl() throws Exception {
		Path stations = Files.createDirectories(this.work.resolve("stations"));
		TestCertificates.Station rsa = TestCertificates.rsa(stations, "station-rsa", 3072);
		TestCertificates.Station ec = TestCertificates.ec(stations, "station-ec", "secp384r1");
		CliRunner encrypting = this.cli
			.with("--batch.credentials-recipients=" + rsa.certificate() + "," + ec.certificate());

		CliRunner.Result provisioned = encrypting.run("provision", "--manifest", this.manifest.toString());
		CliRunner.Result exported = encrypting.run("export", "--batch", "secrets");

		assertThat(provisioned.exitCode()).as(provisioned.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		assertThat(exported.exitCode()).as(exported.toString()).isZero();
		Path folder = this.cli.outputOf("secrets");
		assertThat(folder.resolve("credentials.csv")).doesNotExist();
		Map<String, byte[]> secrets = secrets();
		List<Path> files;
		try (Stream<Path> walk = Files.walk(this.work)) {
			files = walk.filter(Files::isRegularFile).toList();
		}
		assertThat(files).extracting((file) -> file.getFileName().toString())
			.contains("credentials.csv.p7m", "report.html", "summary.json", "dps-batch.mv.db");
		for (Path file : files) {
			assertThat(find(secrets, Files.readAllBytes(file))).as(file.toString()).isEmpty();
		}
		assertThat(scanDatabase(secrets, new LinkedHashMap<>())).as("database rows").isEmpty();

		// what the stations read: exactly the file a run without recipients writes
		Path elsewhere = Files.createTempDirectory("plain-credentials");
		try {
			CliRunner.Result plain = this.cli.with("--batch.credentials-recipients=")
				.with("--batch.output-dir=" + elsewhere)
				.run("export", "--batch", "secrets");
			assertThat(plain.exitCode()).as(plain.toString()).isZero();
			byte[] expected = Files.readAllBytes(elsewhere.resolve("secrets/credentials.csv"));
			assertThat(find(secrets, expected)).as("the plaintext holds the keys").hasSize(DEVICES - 2);
			for (TestCertificates.Station station : List.of(rsa, ec)) {
				OpenSsl.Decrypted opened = OpenSsl.decrypt(folder.resolve("credentials.csv.p7m"), station,
						elsewhere.resolve(station.certificate().getFileName() + ".csv"));
				assertThat(opened.exitCode()).as(opened.errors()).isZero();
				assertThat(opened.plaintext()).isEqualTo(expected);
			}
		}
		finally {
			try (Stream<Path> walk = Files.walk(elsewhere)) {
				walk.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	/**
	 * What must not appear: both group keys and the key of every device under either,
	 * each as base64, as its raw bytes and as hex.
	 */
	private Map<String, byte[]> secrets() {
		Map<String, byte[]> secrets = new LinkedHashMap<>();
		for (String groupKey : List.of(PRIMARY, SECONDARY)) {
			String name = groupKey.equals(PRIMARY) ? "primary" : "secondary";
			addEncodings(secrets, name + " group key", groupKey);
			for (int i = 0; i < DEVICES; i++) {
				String id = String.format("secret-dev-%04d", i);
				addEncodings(secrets, "device key of " + id + " (" + name + ")",
						GroupKey.fromBase64(groupKey).deriveDeviceKey(id).toBase64());
			}
		}
		return secrets;
	}

	static void addEncodings(Map<String, byte[]> secrets, String name, String base64) {
		byte[] raw = Base64.getDecoder().decode(base64);
		secrets.put(name + " as base64", base64.getBytes(StandardCharsets.US_ASCII));
		secrets.put(name + " as bytes", raw);
		secrets.put(name + " as hex", HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII));
	}

	/** The names of the secrets found in {@code content}. */
	static List<String> find(Map<String, byte[]> secrets, byte[] content) {
		List<String> found = new ArrayList<>();
		secrets.forEach((name, secret) -> {
			if (indexOf(content, secret) >= 0) {
				found.add(name);
			}
		});
		return found;
	}

	private static int indexOf(byte[] content, byte[] secret) {
		outer: for (int i = 0; i <= content.length - secret.length; i++) {
			for (int j = 0; j < secret.length; j++) {
				if (content[i + j] != secret[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/**
	 * Every cell of every table of the results store (ours and Spring Batch's), as text
	 * and as bytes, and decoded from base64 when it is base64 (as a serialized execution
	 * context may be).
	 */
	private List<String> scanDatabase(Map<String, byte[]> secrets, Map<String, List<String>> rowsByTable)
			throws SQLException {
		return scanDatabase(this.work, secrets, rowsByTable);
	}

	/** {@link #scanDatabase(Map, Map)} of the results store in {@code work}. */
	static List<String> scanDatabase(Path work, Map<String, byte[]> secrets, Map<String, List<String>> rowsByTable)
			throws SQLException {
		List<String> found = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + work.resolve("data/dps-batch"), "sa",
				""); Statement statement = connection.createStatement()) {
			List<String> tables = new ArrayList<>();
			try (ResultSet names = statement
				.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
				while (names.next()) {
					tables.add(names.getString(1));
				}
			}
			for (String table : tables) {
				List<String> rows = new ArrayList<>();
				try (ResultSet cells = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
					ResultSetMetaData columns = cells.getMetaData();
					while (cells.next()) {
						StringBuilder row = new StringBuilder();
						for (int column = 1; column <= columns.getColumnCount(); column++) {
							boolean binary = switch (columns.getColumnType(column)) {
								case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> true;
								default -> false;
							};
							byte[] bytes = binary ? cells.getBytes(column) : null;
							String text = binary ? null : cells.getString(column);
							row.append(text).append('|');
							for (byte[] content : contents(text, bytes)) {
								find(secrets, content).forEach((name) -> found.add(name + " in " + table));
							}
						}
						rows.add(row.toString());
					}
				}
				rowsByTable.put(table, rows);
			}
		}
		return found;
	}

	private static List<byte[]> contents(String text, byte[] bytes) {
		List<byte[]> contents = new ArrayList<>();
		if (bytes != null) {
			contents.add(bytes);
		}
		if (text != null) {
			contents.add(text.getBytes(StandardCharsets.UTF_8));
			try {
				contents.add(Base64.getDecoder().decode(text.strip()));
			}
			catch (IllegalArgumentException notBase64) {
				// most cells are not
			}
		}
		return contents;
	}

}
