package io.dpsbatch.results;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 results store, migrated exactly as the application migrates it. */
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
		return new Store(batches, new DeviceImport(jdbc, batches), new DeviceQueue(jdbc), new BatchReports(jdbc));
	}

	/** The repositories of one results store. */
	public record Store(BatchRepository batches, DeviceImport imports, DeviceQueue queue, BatchReports reports) {
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

}
