package io.dpsbatch.manifest;

import java.util.List;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.dpsbatch.manifest.ManifestReaders.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

class JdbcManifestReaderTests {

	private static final String SOURCE = "test database";

	private JdbcDataSource dataSource;

	private JdbcTemplate jdbc;

	@BeforeEach
	void createDatabase() {
		this.dataSource = new JdbcDataSource();
		this.dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.jdbc.execute("CREATE TABLE device_manifest (registration_id VARCHAR(128) PRIMARY KEY, "
				+ "payload VARCHAR(1000), serial_number VARCHAR(40), line INTEGER)");
	}

	@Test
	void theDefaultTableGivesManifestRowsNumberedFromOne() throws Exception {
		this.jdbc.update("INSERT INTO device_manifest VALUES ('dev-1', '{\"zone\":1}', 'SN-1', 7), "
				+ "('dev-2', NULL, 'SN-2', 8)");
		JdbcManifestReader reader = reader(ManifestProperties.DEFAULT_QUERY + " ORDER BY registration_id");
		List<ManifestRow> rows = readAll(reader);
		assertThat(reader.header().attributeColumns()).containsExactly("SERIAL_NUMBER", "LINE");
		assertThat(reader.header().hasPayload()).isTrue();
		assertThat(rows).extracting(ManifestRow::line, ManifestRow::registrationId, ManifestRow::payload)
			.containsExactly(tuple(1L, "dev-1", "{\"zone\":1}"), tuple(2L, "dev-2", null));
		assertThat(rows.get(0).attributes()).containsExactly(entry("SERIAL_NUMBER", "SN-1"), entry("LINE", "7"));
		assertThat(rows).allSatisfy((row) -> assertThat(row.readProblem()).isNull());
	}

	@Test
	void aConfiguredQueryMayNameTheColumnRegistrationIdAndChooseItsRows() throws Exception {
		this.jdbc.update("INSERT INTO device_manifest VALUES ('dev-1', NULL, 'SN-1', 7), ('dev-2', NULL, 'SN-2', 8), "
				+ "('dev-3', NULL, 'SN-3', 7)");
		JdbcManifestReader reader = reader(
				"SELECT serial_number AS \"serialNumber\", registration_id AS \"registrationId\" "
						+ "FROM device_manifest WHERE line = 7 ORDER BY registration_id");
		List<ManifestRow> rows = readAll(reader);
		assertThat(reader.header().attributeColumns()).containsExactly("serialNumber");
		assertThat(reader.header().hasPayload()).isFalse();
		assertThat(rows).extracting(ManifestRow::registrationId).containsExactly("dev-1", "dev-3");
		assertThat(rows.get(1).attributes()).containsExactly(entry("serialNumber", "SN-3"));
	}

	@Test
	void nullsAreEmptyCellsAndABlankPayloadIsNone() throws Exception {
		this.jdbc
			.execute("CREATE TABLE loose (registration_id VARCHAR(128), payload VARCHAR(100), station VARCHAR(10))");
		this.jdbc.update("INSERT INTO loose VALUES (NULL, '  ', NULL)");
		ManifestRow row = readAll(reader("SELECT * FROM loose")).get(0);
		assertThat(row.registrationId()).isEmpty();
		assertThat(row.payload()).isNull();
		assertThat(row.attributes()).containsExactly(entry("STATION", ""));
		assertThat(new ManifestRowValidator().problemWith(row)).isPresent();
	}

	@Test
	void anEnrollmentColumnNamesEachRowsEnrollmentAndNullIsTheDefault() throws Exception {
		this.jdbc
			.execute("CREATE TABLE mixed (registration_id VARCHAR(128), enrollment VARCHAR(64), station VARCHAR(10))");
		this.jdbc
			.update("INSERT INTO mixed VALUES ('dev-1', 'line-b', 'S1'), ('dev-2', NULL, 'S2'), ('dev-3', '', 'S3')");
		JdbcManifestReader reader = reader("SELECT * FROM mixed ORDER BY registration_id");
		List<ManifestRow> rows = readAll(reader);
		assertThat(reader.header().hasEnrollment()).isTrue();
		assertThat(reader.header().attributeColumns()).containsExactly("STATION");
		assertThat(rows).extracting(ManifestRow::enrollment).containsExactly("line-b", null, null);
		assertThat(rows.get(0).attributes()).containsExactly(entry("STATION", "S1"));
	}

	@Test
	void anOpenedReaderAlwaysStartsFromTheFirstRow() throws Exception {
		this.jdbc.update("INSERT INTO device_manifest VALUES ('dev-1', NULL, 'SN-1', 7), ('dev-2', NULL, 'SN-2', 8)");
		JdbcManifestReader reader = reader(ManifestProperties.DEFAULT_QUERY + " ORDER BY registration_id");
		ExecutionContext afterOneRow = new ExecutionContext();
		reader.open(afterOneRow);
		reader.read();
		reader.update(afterOneRow);
		reader.close();
		assertThat(afterOneRow.isEmpty()).isTrue();
		JdbcManifestReader again = reader(ManifestProperties.DEFAULT_QUERY + " ORDER BY registration_id");
		again.open(afterOneRow);
		try {
			assertThat(again.read().registrationId()).isEqualTo("dev-1");
		}
		finally {
			again.close();
		}
	}

	@Test
	void aQueryWithoutARegistrationIdColumnIsRefusedNamingItsColumns() {
		assertThatExceptionOfType(ManifestFormatException.class)
			.isThrownBy(() -> readAll(reader("SELECT serial_number, line FROM device_manifest")))
			.withMessageContaining(SOURCE)
			.withMessageContaining("no registration_id (or registrationId) column")
			.withMessageContaining("SERIAL_NUMBER, LINE");
	}

	@Test
	void bothSpellingsOfTheIdColumnAreRefused() {
		assertThatExceptionOfType(ManifestFormatException.class)
			.isThrownBy(() -> readAll(
					reader("SELECT registration_id, registration_id AS \"registrationId\" FROM device_manifest")))
			.withMessageContaining("both a registration_id and a registrationId column");
	}

	@Test
	void aColumnNamedLikeAnOutputColumnIsRefused() {
		assertThatExceptionOfType(ManifestFormatException.class)
			.isThrownBy(() -> readAll(reader("SELECT registration_id, line AS status FROM device_manifest")))
			.withMessageContaining("column 'STATUS'")
			.withMessageContaining("output files");
	}

	private JdbcManifestReader reader(String query) {
		return new JdbcManifestReader(this.dataSource, query, SOURCE);
	}

}
