package io.dpsbatch.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.dpsbatch.dps.OutcomeStatus;
import io.dpsbatch.dps.RegistrationOutcome;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A fresh in-memory H2 results store, migrated exactly as the application migrates it.
 */
public final class TestDatabase {

	private TestDatabase() {
	}

	/** The run history of a store, for tests of other packages. */
	public static BatchHistory history(DataSource dataSource) {
		return new BatchHistory(new org.springframework.jdbc.core.JdbcTemplate(dataSource));
	}

	/** The results store's repositories, for tests of this and other packages. */
	public static Store store(DataSource dataSource) {
		org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
		BatchRepository batches = new BatchRepository(jdbc);
		return new Store(batches, new DeviceImport(jdbc, batches), new DeviceQueue(jdbc), new DeviceResults(jdbc));
	}

	/** The repositories of one results store. */
	public record Store(BatchRepository batches, DeviceImport imports, DeviceQueue queue, DeviceResults reports) {
	}

	public static DataSource migrated() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration")
			.javaMigrations(new SpringBatchSchemaMigration())
			.load()
			.migrate();
		return dataSource;
	}

	/** A batch as the store tests create it. */
	public static BatchRecord batch(String name) {
		return new BatchRecord(name, "/tmp/" + name + ".csv", "ab".repeat(32), "sha256:0123456789ab", "0ne00000A0A",
				"https://global.azure-devices-provisioning.net", List.of("serial", "mac"), 10,
				Instant.parse("2026-11-29T08:00:00Z"));
	}

	/** A manifest row with two attributes. */
	public static ImportedRow row(long line, String id) {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("serial", "S-" + line);
		attributes.put("mac", "m" + line);
		return new ImportedRow(line, id, null, attributes, null);
	}

	/** DPS's assignment of a device after {@code calls} register calls. */
	public static RegistrationOutcome assigned(String id, int calls) {
		return new RegistrationOutcome(id, OutcomeStatus.ASSIGNED, id, "hub-1.azure-devices.net", "initialAssignment",
				null, null, calls, false, false, Instant.now(), Instant.now());
	}

}
