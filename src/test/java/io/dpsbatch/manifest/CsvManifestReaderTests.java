package io.dpsbatch.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

class CsvManifestReaderTests {

	@TempDir
	Path dir;

	@Test
	void readsRowsWithAttributesInHeaderOrder() throws Exception {
		List<ManifestRow> rows = readAll(write("registrationId,serialNumber,macAddress,line,station\n"
				+ "sensor-th200-000123,TH200-000123,00:1B:44:11:3A:B7,L2,ST-04\n"));
		assertThat(rows).hasSize(1);
		ManifestRow row = rows.get(0);
		assertThat(row.line()).isEqualTo(2);
		assertThat(row.registrationId()).isEqualTo("sensor-th200-000123");
		assertThat(row.payload()).isNull();
		assertThat(row.readProblem()).isNull();
		assertThat(row.attributes()).containsExactly(entry("serialNumber", "TH200-000123"),
				entry("macAddress", "00:1B:44:11:3A:B7"), entry("line", "L2"), entry("station", "ST-04"));
	}

	@Test
	void keepsAttributesInFileOrderAroundTheSpecialColumns() throws Exception {
		ManifestRow row = readAll(write("zone,RegistrationID,b,PAYLOAD,a\nz1,sensor-1,B,{},A\n")).get(0);
		assertThat(row.registrationId()).isEqualTo("sensor-1");
		assertThat(row.payload()).isEqualTo("{}");
		assertThat(row.attributes()).containsExactly(entry("zone", "z1"), entry("b", "B"), entry("a", "A"));
	}

	@Test
	void readsLfAndCrLfAlike() throws Exception {
		String lf = "registrationId,serialNumber\nsensor-1,SN1\nsensor-2,SN2\n";
		List<ManifestRow> fromLf = readAll(write(lf));
		List<ManifestRow> fromCrLf = readAll(write(lf.replace("\n", "\r\n")));
		assertThat(fromCrLf).isEqualTo(fromLf);
		assertThat(fromLf).extracting(ManifestRow::line).containsExactly(2L, 3L);
		assertThat(fromLf).extracting((row) -> row.attributes().get("serialNumber")).containsExactly("SN1", "SN2");
	}

	@Test
	void readsTheLastRowWithoutALineBreak() throws Exception {
		assertThat(readAll(write("registrationId\r\nsensor-1\r\nsensor-2"))).extracting(ManifestRow::registrationId)
			.containsExactly("sensor-1", "sensor-2");
	}

	@Test
	void skipsTheByteOrderMark() throws Exception {
		List<ManifestRow> rows = readAll(write("\uFEFFregistrationId,serialNumber\r\nsensor-1,SN1\r\n"));
		assertThat(rows).extracting(ManifestRow::registrationId).containsExactly("sensor-1");
		assertThat(rows.get(0).attributes()).containsOnlyKeys("serialNumber");
	}

	@Test
	void readsQuotedCommasQuotesAndLineBreaksWithTrueLineNumbers() throws Exception {
		// lines: 1 the header, 2 sensor-1, 3-5 sensor-2 (a note over three lines), 6
		// empty,
		// 7-9 sensor-3 (a payload over three lines), 10 sensor-4
		Path file = write("registrationId,note,payload\r\n"
				+ "sensor-1,\"rework, second pass\",\"{\"\"site\"\":\"\"plant-2\"\"}\"\r\n"
				+ "sensor-2,\"first line\r\nsecond line\r\nthird line\",\r\n" + "\r\n"
				+ "sensor-3,\"a \"\"quoted\"\" word\",\"{\r\n  \"\"a\"\": 1\r\n}\"\r\n" + "sensor-4,plain,\r\n");
		List<ManifestRow> rows = readAll(file);
		assertThat(rows).extracting(ManifestRow::line).containsExactly(2L, 3L, 7L, 10L);
		assertThat(rows).extracting((row) -> row.attributes().get("note"))
			.containsExactly("rework, second pass", "first line\r\nsecond line\r\nthird line", "a \"quoted\" word",
					"plain");
		assertThat(rows).extracting(ManifestRow::payload)
			.containsExactly("{\"site\":\"plant-2\"}", null, "{\r\n  \"a\": 1\r\n}", null);
	}

	@Test
	void skipsEmptyLinesAndRowsOfEmptyCellsButKeepsLineNumbersTrue() throws Exception {
		Path file = write("\nregistrationId,serialNumber\n\nsensor-1,SN1\n,\n\n,,\nsensor-2,SN2\n\n\n");
		assertThat(readAll(file)).extracting(ManifestRow::line, ManifestRow::registrationId)
			.containsExactly(tuple(4L, "sensor-1"), tuple(8L, "sensor-2"));
	}

	@Test
	void keepsValuesAsWritten() throws Exception {
		ManifestRow row = readAll(write("registrationId,station,payload\n sensor-1 ,  ST 04  ,\" \"\n")).get(0);
		assertThat(row.registrationId()).isEqualTo(" sensor-1 ");
		assertThat(row.attributes()).containsEntry("station", "  ST 04  ");
		// a blank payload cell is no payload
		assertThat(row.payload()).isNull();
	}

	@Test
	void givesNoPayloadWithoutAPayloadColumn() throws Exception {
		ManifestRow row = readAll(write("registrationId,note\nsensor-1,{}\n")).get(0);
		assertThat(row.payload()).isNull();
		assertThat(row.attributes()).containsEntry("note", "{}");
	}

	@Test
	void flagsARowWithMoreFieldsThanTheHeader() throws Exception {
		ManifestRow row = readAll(write("registrationId,serialNumber,station\nsensor-1,SN1,ST-05,ST-06\n")).get(0);
		assertThat(row.readProblem())
			.isEqualTo("row has 4 fields, header has 3 (a value containing a comma must be in double quotes)");
		assertThat(row.registrationId()).isEqualTo("sensor-1");
		assertThat(row.attributes()).containsExactly(entry("serialNumber", "SN1"), entry("station", "ST-05"));
		assertThat(new ManifestRowValidator().problemWith(row)).hasValue(row.readProblem());
	}

	@Test
	void treatsMissingTrailingAttributeCellsAsEmpty() throws Exception {
		ManifestRow row = readAll(write("registrationId,serialNumber,station\nsensor-1\n")).get(0);
		assertThat(row.readProblem()).isNull();
		assertThat(row.attributes()).containsExactly(entry("serialNumber", ""), entry("station", ""));
	}

	@Test
	void flagsARowThatLacksThePayloadCell() throws Exception {
		ManifestRow row = readAll(write("registrationId,serialNumber,payload\nsensor-1,SN1\n")).get(0);
		assertThat(row.readProblem()).isEqualTo("row has 2 fields, header has 3; the payload cell is missing");
		assertThat(row.registrationId()).isEqualTo("sensor-1");
	}

	@Test
	void flagsARowThatLacksTheRegistrationIdCell() throws Exception {
		ManifestRow row = readAll(write("serialNumber,registrationId\nSN1\n")).get(0);
		assertThat(row.readProblem()).isEqualTo("row has 1 field, header has 2; the registrationId cell is missing");
		assertThat(row.registrationId()).isEmpty();
		assertThat(row.attributes()).containsExactly(entry("serialNumber", "SN1"));
	}

	@Test
	void exposesTheHeaderOnceOpen() throws Exception {
		CsvManifestReader reader = new CsvManifestReader(write("RegistrationId,serialNumber\n"));
		reader.open(new ExecutionContext());
		try {
			assertThat(reader.header()).isEqualTo(
					new ManifestHeader(List.of("RegistrationId", "serialNumber"), List.of("serialNumber"), false));
			assertThat(reader.read()).isNull();
		}
		finally {
			reader.close();
		}
	}

	@Test
	void restartsAfterTheRowsAlreadyRead() throws Exception {
		Path file = write("registrationId,note\nsensor-1,a\n\nsensor-2,\"b\nb\"\nsensor-3,c\nsensor-4,d\nsensor-5,e\n");
		ExecutionContext context = new ExecutionContext();
		CsvManifestReader first = new CsvManifestReader(file);
		first.open(context);
		assertThat(List.of(first.read(), first.read(), first.read())).extracting(ManifestRow::registrationId)
			.containsExactly("sensor-1", "sensor-2", "sensor-3");
		first.update(context);
		first.close();
		assertThat(context.getInt("manifest.read.count")).isEqualTo(3);

		CsvManifestReader second = new CsvManifestReader(file);
		second.open(context);
		ManifestRow fourth = second.read();
		assertThat(fourth.registrationId()).isEqualTo("sensor-4");
		assertThat(fourth.line()).isEqualTo(7);
		assertThat(second.read().registrationId()).isEqualTo("sensor-5");
		assertThat(second.read()).isNull();
		second.close();
	}

	@Test
	void refusesToRestartOverAFileThatLostRows() throws Exception {
		Path file = write("registrationId\nsensor-1\nsensor-2\nsensor-3\n");
		ExecutionContext context = new ExecutionContext();
		CsvManifestReader first = new CsvManifestReader(file);
		first.open(context);
		first.read();
		first.read();
		first.read();
		first.update(context);
		first.close();
		write("registrationId\nsensor-1\n");
		CsvManifestReader second = new CsvManifestReader(file);
		assertThatExceptionOfType(ManifestFormatException.class).isThrownBy(() -> second.open(context))
			.withMessage(
					file + ": has 1 rows, but 3 had already been read when the batch stopped; the file changed since");
		second.close();
	}

	@Test
	void reportsAFileProblemOnOpenAsItIs() throws IOException {
		Path file = write("serialNumber\nSN1\n");
		CsvManifestReader reader = new CsvManifestReader(file);
		assertThatExceptionOfType(ManifestFormatException.class).isThrownBy(() -> reader.open(new ExecutionContext()))
			.withMessageStartingWith(file + ": line 1: the header has no registrationId column");
		reader.close();
	}

	@Test
	void reportsAFileProblemFoundWhileReading() throws Exception {
		Path file = write("registrationId\nsensor-1\n\"sensor-2\n");
		CsvManifestReader reader = new CsvManifestReader(file);
		reader.open(new ExecutionContext());
		try {
			assertThat(reader.read().registrationId()).isEqualTo("sensor-1");
			assertThatExceptionOfType(ManifestFormatException.class).isThrownBy(reader::read)
				.withMessageStartingWith(file + ": line 3: a quoted field in the record starting here is never closed");
		}
		finally {
			reader.close();
		}
	}

	@Test
	void theEnrollmentColumnNamesTheRowsEnrollmentAndIsNotAnAttribute() throws Exception {
		Path file = write(
				"registrationId,ENROLLMENT,serialNumber\nsensor-1,Line-B,SN1\nsensor-2,,SN2\nsensor-3,  ,SN3\n"
						+ "sensor-4\n");
		List<ManifestRow> rows = readAll(file);
		CsvManifestReader reader = new CsvManifestReader(file);
		reader.open(new ExecutionContext());
		try {
			assertThat(reader.header().hasEnrollment()).isTrue();
			assertThat(reader.header().attributeColumns()).containsExactly("serialNumber");
		}
		finally {
			reader.close();
		}
		// as written; empty, blank or missing is the default enrollment
		assertThat(rows).extracting(ManifestRow::enrollment).containsExactly("Line-B", null, null, null);
		assertThat(rows.get(0).attributes()).containsExactly(entry("serialNumber", "SN1"));
		assertThat(rows.get(3).readProblem()).isNull();
	}

	@Test
	void withoutAnEnrollmentColumnEveryRowIsOfTheDefaultEnrollment() throws Exception {
		List<ManifestRow> rows = readAll(write("registrationId,serialNumber\nsensor-1,SN1\n"));
		assertThat(rows.get(0).enrollment()).isNull();
	}

	private static List<ManifestRow> readAll(Path file) throws Exception {
		return ManifestReaders.readAll(new CsvManifestReader(file));
	}

	private Path write(String content) throws IOException {
		return Files.writeString(this.dir.resolve("devices.csv"), content, StandardCharsets.UTF_8);
	}

}
