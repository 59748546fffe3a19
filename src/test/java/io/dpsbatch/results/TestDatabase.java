package io.dpsbatch.results;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 results store, migrated exactly as the application migrates it. */
final class TestDatabase {

	private TestDatabase() {
	}

	static DataSource migrated() {
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
