package io.dpsbatch.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;

/**
 * The results store of whole-run tests that run on both engines: an H2 file store in the
 * test's folder, or a schema of its own on the real PostgreSQL (see
 * {@link PostgresProvisionIntegrationTests}), dropped on close. The factory's tables of
 * {@code provision --from-db} are created in it too.
 */
abstract class StoreUnderTest implements AutoCloseable {

	/** Points a command line at this store. */
	abstract CliRunner configure(CliRunner cli);

	abstract Connection connect() throws SQLException;

	/**
	 * Connections to the store that are not pooled: each is a session of its own, as
	 * another process's.
	 */
	DataSource dataSource() {
		return new AbstractDriverBasedDataSource() {

			@Override
			protected Connection getConnectionFromDriver(Properties props) throws SQLException {
				return connect();
			}

		};
	}

	void execute(String... statements) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	@Override
	public void close() throws SQLException {
	}

	static StoreUnderTest h2(Path work) {
		String url = "jdbc:h2:file:" + work.resolve("data/dps-batch");
		return new StoreUnderTest() {

			@Override
			CliRunner configure(CliRunner cli) {
				return cli.with("--spring.datasource.url=" + url);
			}

			@Override
			Connection connect() throws SQLException {
				return DriverManager.getConnection(url, "sa", "");
			}

		};
	}

	static StoreUnderTest postgres() throws SQLException {
		String base = PostgresProvisionIntegrationTests.URL;
		String schema = "dpsb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
		StoreUnderTest store = new StoreUnderTest() {

			@Override
			CliRunner configure(CliRunner cli) {
				return cli.with("--spring.datasource.url=" + url)
					.with("--spring.datasource.username=" + PostgresProvisionIntegrationTests.USER)
					.with("--spring.datasource.password=" + PostgresProvisionIntegrationTests.PASSWORD);
			}

			@Override
			Connection connect() throws SQLException {
				return DriverManager.getConnection(url, PostgresProvisionIntegrationTests.USER,
						PostgresProvisionIntegrationTests.PASSWORD);
			}

			@Override
			public void close() throws SQLException {
				execute("DROP SCHEMA " + schema + " CASCADE");
			}

		};
		store.execute("CREATE SCHEMA " + schema);
		return store;
	}

}
