package io.dpsbatch.results;

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
import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.GroupKey;
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

	private ResultsStore store;

	private BatchExporter exporter;

	private final EnrollmentKeys keys = new EnrollmentKeys(GroupKey.fromBase64(PRIMARY), GroupKey.fromBase64(SECONDARY));

	@BeforeEach
	void createBatch() {
		this.store = new ResultsStore(new JdbcTemplate(TestDatabase.migrated()));
		this.exporter = new BatchExporter(this.store, new OutputProperties(this.out),
				Clock.fixed(Instant.parse("2026-11-29T08:01:40Z"), ZoneOffset.UTC));
		this.store.createBatch(ResultsStoreTests.batch("line-1"));
		this.store.importRows("line-1", List.of(ResultsStoreTests.row(2, "sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6"),
				ResultsStoreTests.row(3, "dev-secondary"), ResultsStoreTests.row(4, "dev-failed"),
				ResultsStoreTests.row(5, "DEV-FAILED"), new ImportedRow(6, "bad id", null, Map.of(), "registration ID contains a space"),
				ResultsStoreTests.row(7, "dev-pending")));
		Instant now = Instant.now();
		this.store.recordOutcomes("line-1", List.of(
				new LineOutcome(2, ResultsStoreTests.assigned("sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6", 1)),
				new LineOutcome(3, new RegistrationOutcome("dev-secondary", OutcomeStatus.ASSIGNED, "dev-secondary",
						"hub-2.azure-devices.net", "initialAssignment", null, null, 2, false, true, now, now)),
				new LineOutcome(4, new RegistrationOutcome("dev-failed", OutcomeStatus.FAILED, null, null, null, "400209",
						"no hub, \"quoted\"", 1, false, false, now, now))));
	}

	@Test
	void credentialsHoldEveryAssignedDeviceOnceWithItsDerivedKeyAndAttributes() throws IOException {
		this.exporter.export("line-1", this.keys);
		List<String> lines = Files.readAllLines(this.out.resolve("line-1/credentials.csv"));
		assertThat(lines).containsExactly(
				"registrationId,deviceId,assignedHub,idScope,deviceKey,substatus,serial,mac",
				"sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6,sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6,hub-1.azure-devices.net,"
						+ "0ne00000A0A,Jsm0lyGpjaVYVP2g3FnmnmG9dI/9qU24wNoykUmermc=,initialAssignment,S-2,m2",
				"dev-secondary,dev-secondary,hub-2.azure-devices.net,0ne00000A0A,"
						+ GroupKey.fromBase64(SECONDARY).deriveDeviceKey("dev-secondary").toBase64()
						+ ",initialAssignment,S-3,m3");
	}

	@Test
	void failuresAndRejectsAreListed() throws IOException {
		this.exporter.export("line-1", this.keys);
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
		this.store.addDpsTraffic("line-1", 4, 1, 2, 900);
		this.exporter.export("line-1", this.keys);
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
		BatchExporter.ExportedFiles files = this.exporter.export("line-1", this.keys);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.folder()))).isEqualTo("rwx------");
		try (var listing = Files.list(files.folder())) {
			List<Path> written = listing.toList();
			assertThat(written).extracting((p) -> p.getFileName().toString())
				.containsExactlyInAnyOrder("credentials.csv", "failures.csv", "rejects.csv", "summary.json");
			for (Path file : written) {
				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
			}
		}
	}

	@Test
	void exportingAgainGivesTheSameFiles() throws IOException {
		this.exporter.export("line-1", this.keys);
		byte[] first = Files.readAllBytes(this.out.resolve("line-1/credentials.csv"));
		this.exporter.export("line-1", this.keys);
		assertThat(Files.readAllBytes(this.out.resolve("line-1/credentials.csv"))).isEqualTo(first);
	}

	@Test
	void aFolderOpenToOthersIsRefused() throws IOException {
		Files.createDirectory(this.out.resolve("line-1"), PosixFilePermissions.asFileAttribute(
				PosixFilePermissions.fromString("rwxr-xr-x")));
		Files.setPosixFilePermissions(this.out.resolve("line-1"), PosixFilePermissions.fromString("rwxr-xr-x"));
		assertThatThrownBy(() -> this.exporter.export("line-1", this.keys)).isInstanceOf(OutputFolderException.class)
			.hasMessageContaining("open to other users")
			.hasMessageContaining("chmod 700");
		assertThat(this.out.resolve("line-1/credentials.csv")).doesNotExist();
	}

	@Test
	void aDeviceRegisteredWithTheSecondaryKeyNeedsThatKeyToExport() {
		EnrollmentKeys primaryOnly = new EnrollmentKeys(GroupKey.fromBase64(PRIMARY), null);
		assertThatThrownBy(() -> this.exporter.export("line-1", primaryOnly)).hasMessageContaining("secondary group key")
			.hasMessageNotContaining(SECONDARY);
		assertThat(new String(readOrEmpty(this.out.resolve("line-1/credentials.csv")), StandardCharsets.UTF_8)).isEmpty();
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
