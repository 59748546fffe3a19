package io.dpsbatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorProperties;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs through the command line against the embedded emulator, written once and run
 * on each store engine by a subclass that says which ({@link #openStore}).
 */
abstract class StoreScenarios {

	@TempDir
	Path work;

	StoreUnderTest store;

	DpsEmulator emulator;

	CliRunner cli;

	abstract StoreUnderTest openStore(Path work) throws Exception;

	@BeforeEach
	void openStoreAndStartEmulator() throws Exception {
		this.store = openStore(this.work);
		this.cli = this.store.configure(new CliRunner(this.work));
		useEmulator(Map.of());
	}

	@AfterEach
	void stopEmulatorAndCloseStore() throws Exception {
		this.emulator.close();
		this.store.close();
	}

	/**
	 * Replaces the emulator by one with these {@code emulator.*} settings on top of the
	 * tests' defaults. It keeps the state folder, so its group key and certificate stay
	 * the same: the way a test "heals" DPS.
	 */
	void useEmulator(Map<String, String> settings) {
		if (this.emulator != null) {
			this.emulator.close();
		}
		Map<String, String> all = new HashMap<>(CliRunner.emulatorSettings(this.work.resolve("emulator")));
		all.putAll(settings);
		this.emulator = DpsEmulator.start(EmulatorProperties.bind(all), Clock.systemUTC());
		this.cli.against(this.emulator);
	}

	/**
	 * The factory's table of the default query, with a payload and an attribute column.
	 */
	void createManifestTable() throws Exception {
		this.store.execute("CREATE TABLE device_manifest (registration_id VARCHAR(128) PRIMARY KEY, "
				+ "payload VARCHAR(1000), serial_number VARCHAR(40))");
	}

	/** Adds devices {@code prefix-from} to {@code prefix-(to-1)} to device_manifest. */
	void addToManifestTable(String prefix, int from, int to) throws Exception {
		StringJoiner rows = new StringJoiner(", ", "INSERT INTO device_manifest VALUES ", "");
		for (int i = from; i < to; i++) {
			rows.add(String.format("('%s-%03d', '{\"slot\":%d}', 'SN-%03d')", prefix, i, i, i));
		}
		this.store.execute(rows.toString());
	}

	/** A CSV manifest of devices {@code prefix-from} to {@code prefix-(to-1)}. */
	Path csvManifest(String name, String prefix, int from, int to) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("registrationId,serialNumber");
		for (int i = from; i < to; i++) {
			lines.add(String.format("%s-%03d,SN-%03d", prefix, i, i));
		}
		return Files.write(this.work.resolve(name + ".csv"), lines, StandardCharsets.UTF_8);
	}

	List<CSVRecord> credentials(String batch) throws IOException {
		return ProvisionCommandIntegrationTests.csv(this.cli.outputOf(batch).resolve("credentials.csv"));
	}

	List<CSVRecord> failures(String batch) throws IOException {
		return ProvisionCommandIntegrationTests.csv(this.cli.outputOf(batch).resolve("failures.csv"));
	}

	static List<String> ids(List<CSVRecord> records) {
		return records.stream().map((record) -> record.get("registrationId")).toList();
	}

}
