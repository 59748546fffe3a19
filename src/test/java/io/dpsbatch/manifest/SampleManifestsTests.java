package io.dpsbatch.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The manifests under sample-data/ are what operators try first: they must read as
 * documented. Duplicates are found here the way the job finds them (same identity key),
 * since that is not the validator's job.
 */
class SampleManifestsTests {

	private static final Path DEVICES = Path.of("sample-data", "devices.csv");

	private static final Path DEVICES_WITH_MISTAKES = Path.of("sample-data", "devices-with-mistakes.csv");

	private final ManifestRowValidator validator = new ManifestRowValidator();

	@Test
	void devicesIsAClean60DeviceManifest() throws Exception {
		ManifestScan scan = CsvManifest.scan(DEVICES);
		assertThat(scan.rows()).isEqualTo(60);
		assertThat(scan.header().columns()).containsExactly("registrationId", "serialNumber", "macAddress", "line",
				"station", "payload");
		assertThat(scan.header().attributeColumns()).containsExactly("serialNumber", "macAddress", "line", "station");

		List<ManifestRow> rows = readAll(DEVICES);
		assertThat(rows).hasSize(60);
		assertThat(rows).allSatisfy((row) -> {
			assertThat(this.validator.problemWith(row)).isEmpty();
			assertThat(row.registrationId()).matches("sensor-th200-\\d{6}");
			assertThat(row.attributes().get("macAddress")).matches("([0-9A-F]{2}:){5}[0-9A-F]{2}");
		});
		assertThat(rows).extracting(ManifestRow::registrationId).doesNotHaveDuplicates();
		assertThat(rows).extracting((row) -> row.attributes().get("macAddress")).doesNotHaveDuplicates();
		assertThat(rows).filteredOn((row) -> row.payload() != null).hasSize(6);
		assertThat(rows.get(rows.size() - 1).line()).isEqualTo(61);
	}

	@Test
	void devicesWithMistakesHasOneRejectPerTypicalMistake() throws Exception {
		assertThat(CsvManifest.scan(DEVICES_WITH_MISTAKES).rows()).isEqualTo(20);
		Map<String, Integer> rejectsByKind = new LinkedHashMap<>();
		List<String> accepted = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (ManifestRow row : readAll(DEVICES_WITH_MISTAKES)) {
			String reason = this.validator.problemWith(row)
				.orElseGet(() -> seen.add(RegistrationIdRules.identityKey(row.registrationId())) ? null : "duplicate");
			if (reason == null) {
				accepted.add(row.registrationId());
			}
			else {
				rejectsByKind.merge(kind(reason), 1, Integer::sum);
			}
		}
		assertThat(rejectsByKind).containsOnly(entry("duplicate", 2), entry("space inside the ID", 1),
				entry("space around the ID", 1), entry("ID too long", 1), entry("bad last character", 1),
				entry("payload not an object", 1), entry("payload not JSON", 1), entry("empty ID", 1),
				entry("extra field", 1));
		assertThat(accepted).hasSize(10).contains("sensor-th200-000201", "sensor-th200-000216");
	}

	private static String kind(String reason) {
		if (reason.equals("duplicate")) {
			return reason;
		}
		if (reason.startsWith("registration ID contains a space")) {
			return "space inside the ID";
		}
		if (reason.startsWith("registration ID ends with a space")) {
			return "space around the ID";
		}
		if (reason.equals("registration ID is 129 characters long; DPS allows at most 128")) {
			return "ID too long";
		}
		if (reason.startsWith("registration ID ends with '.'")) {
			return "bad last character";
		}
		if (reason.startsWith("payload must be a JSON object ({...}), but it is an array")) {
			return "payload not an object";
		}
		if (reason.startsWith("payload is not valid JSON")) {
			return "payload not JSON";
		}
		if (reason.equals("registration ID is empty")) {
			return "empty ID";
		}
		if (reason.startsWith("row has 7 fields, header has 6")) {
			return "extra field";
		}
		return "unexpected: " + reason;
	}

	private static List<ManifestRow> readAll(Path file) throws Exception {
		return ManifestReaders.readAll(new CsvManifestReader(file));
	}

}
