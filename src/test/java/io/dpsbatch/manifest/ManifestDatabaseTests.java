package io.dpsbatch.manifest;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ManifestDatabaseTests {

	@TempDir
	Path dir;

	private final JdbcDataSource resultsStore = new JdbcDataSource();

	ManifestDatabaseTests() {
		this.resultsStore.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
	}

	@Test
	void withoutADatasourceTheResultsStoreIsReadAndDescribedWithoutItsParameters() {
		new JdbcTemplate(this.resultsStore)
			.execute("CREATE TABLE device_manifest (registration_id VARCHAR(128), serial VARCHAR(10))");
		ManifestDatabase database = database(null, null);
		assertThat(database.check().attributeColumns()).containsExactly("SERIAL");
		assertThat(database.description()).startsWith("database jdbc:h2:mem:")
			.contains("(the results store)")
			.endsWith("query: SELECT * FROM device_manifest")
			.doesNotContain("DB_CLOSE_DELAY");
	}

	@Test
	void aConfiguredDatabaseIsReadThroughItsOwnPoolAndItsPasswordIsNeverShown() {
		String url = "jdbc:h2:file:" + this.dir.resolve("factory") + ";PASSWORD_HASH=FALSE";
		new JdbcTemplate(dataSource(url, "mes", "s3cret-pw")).execute("CREATE TABLE devices (id VARCHAR(128))");
		ManifestDatabase database = database(url, "SELECT id AS registration_id FROM devices");
		try {
			assertThat(database.check().attributeColumns()).isEmpty();
			assertThat(database.description()).isEqualTo("database jdbc:h2:file:" + this.dir.resolve("factory")
					+ ", query: SELECT id AS registration_id FROM devices");
			assertThat(database.dataSource()).isNotSameAs(this.resultsStore);
		}
		finally {
			database.destroy();
		}
	}

	@Test
	void aMissingDefaultTableIsAConfigurationMistakeThatSaysWhatToDo() {
		assertThatExceptionOfType(ManifestFormatException.class).isThrownBy(() -> database(null, null).check())
			.withMessageContaining("DEVICE_MANIFEST")
			.withMessageContaining("create the table device_manifest")
			.withMessageNotContaining("SQL statement");
	}

	@Test
	void aBrokenQueryIsAConfigurationMistake() {
		assertThatExceptionOfType(ManifestFormatException.class)
			.isThrownBy(() -> database(null, "SELEKT registration_id FROM nowhere").check())
			.withMessageContaining("the query cannot run");
	}

	@Test
	void anUnreachableDatabaseIsNotAConfigurationMistake() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ManifestDatabase database = database("jdbc:postgresql://127.0.0.1:" + closedPort + "/factory?password=pw1",
				null);
		try {
			assertThatExceptionOfType(ManifestSourceException.class).isThrownBy(database::check)
				.withMessageContaining("cannot")
				.withMessageContaining("jdbc:postgresql://127.0.0.1:" + closedPort + "/factory")
				.withMessageNotContaining("pw1");
		}
		finally {
			database.destroy();
		}
	}

	private ManifestDatabase database(String url, String query) {
		return new ManifestDatabase(
				new ManifestProperties(query, new ManifestProperties.Datasource(url, "mes", "s3cret-pw")),
				this.resultsStore);
	}

	private static JdbcDataSource dataSource(String url, String user, String password) {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL(url);
		dataSource.setUser(user);
		dataSource.setPassword(password);
		return dataSource;
	}

}
