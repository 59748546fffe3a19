package io.dpsbatch.manifest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CsvManifestTests {

	@TempDir
	Path dir;

	@Test
	void scanCountsRowsAndDescribesTheHeader() throws IOException {
		Path file = write("registrationId,serialNumber,payload,macAddress\n"
				+ "sensor-1,SN1,\"{\"\"a\"\":1}\",00:1B:44:00:00:01\n" + "sensor-2,SN2,,00:1B:44:00:00:02\n");
		ManifestScan scan = CsvManifest.scan(file);
		assertThat(scan.rows()).isEqualTo(2);
		assertThat(scan.header().columns()).containsExactly("registrationId", "serialNumber", "payload", "macAddress");
		assertThat(scan.header().attributeColumns()).containsExactly("serialNumber", "macAddress");
		assertThat(scan.header().hasPayload()).isTrue();
	}

	@Test
	void scanHashesTheFilesBytes() throws Exception {
		byte[] bytes = ("\uFEFFregistrationId\r\nsensor-1\r\n").getBytes(StandardCharsets.UTF_8);
		Path file = Files.write(this.dir.resolve("devices.csv"), bytes);
		String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		assertThat(CsvManifest.scan(file).sha256()).isEqualTo(expected);
	}

	@Test
	void scanHashesAFileLargerThanTheBuffers() throws Exception {
		StringBuilder csv = new StringBuilder("registrationId,serialNumber\n");
		for (int i = 0; i < 20_000; i++) {
			csv.append("sensor-").append(i).append(",SN-").append(i).append('\n');
		}
		byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
		Path file = Files.write(this.dir.resolve("devices.csv"), bytes);
		ManifestScan scan = CsvManifest.scan(file);
		assertThat(scan.rows()).isEqualTo(20_000);
		assertThat(scan.sha256())
			.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
	}

	@Test
	void acceptsAByteOrderMark() throws IOException {
		ManifestScan scan = CsvManifest.scan(write("\uFEFFregistrationId,line\nsensor-1,L2\n"));
		assertThat(scan.header().columns()).containsExactly("registrationId", "line");
		assertThat(scan.rows()).isEqualTo(1);
	}

	@Test
	void matchesHeaderNamesWithoutRegardToCaseAndTrimsThem() throws IOException {
		ManifestScan scan = CsvManifest.scan(write(" RegistrationID , PayLoad ,Serial Number\nsensor-1,,SN1\n"));
		assertThat(scan.header().columns()).containsExactly("RegistrationID", "PayLoad", "Serial Number");
		assertThat(scan.header().attributeColumns()).containsExactly("Serial Number");
		assertThat(scan.header().hasPayload()).isTrue();
	}

	@Test
	void aHeaderWithoutRowsIsAnEmptyBatch() throws IOException {
		ManifestScan scan = CsvManifest.scan(write("registrationId,serialNumber\n"));
		assertThat(scan.rows()).isZero();
		assertThat(scan.header().hasPayload()).isFalse();
		assertThat(CsvManifest.scan(write("registrationId")).rows()).isZero();
	}

	@Test
	void doesNotCountEmptyLinesOrRowsOfEmptyCells() throws IOException {
		ManifestScan scan = CsvManifest
			.scan(write("\n\nregistrationId,serialNumber\n\nsensor-1,SN1\n,\n\r\n,,\nsensor-2,SN2\n\n"));
		assertThat(scan.rows()).isEqualTo(2);
	}

	@Test
	void countsRecordsNotLines() throws IOException {
		ManifestScan scan = CsvManifest
			.scan(write("registrationId,note\nsensor-1,\"two\nlines\"\nsensor-2,\"a, b\"\n"));
		assertThat(scan.rows()).isEqualTo(2);
	}

	@Test
	void refusesAMissingFile() {
		Path file = this.dir.resolve("nope.csv");
		assertThatFormatProblem(file).hasMessage(file + ": no such file");
	}

	@Test
	void refusesADirectory() {
		assertThatFormatProblem(this.dir).hasMessage(this.dir + ": is a directory, not a manifest file");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "\uFEFF", "\n\n\r\n" })
	void refusesAnEmptyFile(String content) throws IOException {
		Path file = write(content);
		assertThatFormatProblem(file).hasMessage(file
				+ ": the file is empty; a manifest starts with a header row naming its columns, at least registrationId");
	}

	@Test
	void refusesAHeaderWithoutRegistrationId() throws IOException {
		Path file = write("deviceName,serialNumber\nsensor-1,SN1\n");
		assertThatFormatProblem(file)
			.hasMessage(file + ": line 1: the header has no registrationId column (matched without"
					+ " regard to case); columns found: 'deviceName', 'serialNumber'");
	}

	@Test
	void suggestsTheColumnThatLooksLikeRegistrationId() throws IOException {
		Path file = write("registration_id,serialNumber\nsensor-1,SN1\n");
		assertThatFormatProblem(file)
			.hasMessageEndingWith("Did you mean 'registration_id'? Rename it to registrationId");
	}

	@Test
	void saysWhenTheFileIsNotCommaSeparated() throws IOException {
		Path file = write("registrationId;serialNumber\nsensor-1;SN1\n");
		assertThatFormatProblem(file).hasMessageContaining("columns found: 'registrationId;serialNumber'")
			.hasMessageEndingWith("The columns must be separated by commas; this file looks separated by semicolons");
	}

	@Test
	void refusesADuplicateHeaderName() throws IOException {
		Path file = write("registrationId,Serial,line,serial\nsensor-1,a,L1,b\n");
		assertThatFormatProblem(file)
			.hasMessage(file + ": line 1: the header has column 'Serial' twice (columns 2 and 4;"
					+ " column names are matched without regard to case)");
	}

	@Test
	void refusesTwoRegistrationIdColumns() throws IOException {
		Path file = write("registrationId,RegistrationID\nsensor-1,sensor-2\n");
		assertThatFormatProblem(file).hasMessageContaining("the header has column 'registrationId' twice");
	}

	@ParameterizedTest
	@ValueSource(strings = { "deviceId", "assignedHub", "IDSCOPE", "deviceKey", "substatus", "status", "errorCode",
			"errorMessage", "attempts", "reason" })
	void refusesAHeaderNameThatClashesWithAnOutputColumn(String column) throws IOException {
		Path file = write("registrationId," + column + "\nsensor-1,x\n");
		assertThatFormatProblem(file)
			.hasMessageStartingWith(
					file + ": line 1: column '" + column + "' has the name of a column of the tool's output files")
			.hasMessageEndingWith("and would collide with it there; rename it");
	}

	@Test
	void acceptsLineAsAnAttribute() throws IOException {
		assertThat(
				CsvManifest.scan(write("registrationId,line,station\nsensor-1,L2,ST-01\n")).header().attributeColumns())
			.containsExactly("line", "station");
	}

	@Test
	void refusesAnEmptyHeaderName() throws IOException {
		Path file = write("registrationId,,serialNumber\nsensor-1,x,SN1\n");
		assertThatFormatProblem(file)
			.hasMessage(file + ": line 1: column 2 of the header has no name; every column needs one");
	}

	@Test
	void hintsAtATrailingCommaInTheHeader() throws IOException {
		Path file = write("registrationId,serialNumber,\nsensor-1,SN1,\n");
		assertThatFormatProblem(file)
			.hasMessage(file + ": line 1: column 3 of the header has no name (a comma at the end of"
					+ " the header line?); every column needs one");
	}

	@Test
	void namesTheHeaderLineWhenEmptyLinesComeFirst() throws IOException {
		Path file = write("\n\nserial\nSN1\n");
		assertThatFormatProblem(file).hasMessageStartingWith(file + ": line 3: the header has no registrationId column")
			.satisfies((ex) -> assertThat(ex.line()).isEqualTo(3));
	}

	@Test
	void refusesTooManyColumns() throws IOException {
		Path file = write("registrationId" + ",c".repeat(256) + "\n");
		assertThatFormatProblem(file)
			.hasMessage(file + ": line 1: the header has 257 columns; at most 256 are supported");
	}

	@Test
	void refusesInvalidUtf8NamingTheLine() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes("registrationId,city\nsensor-1,Berlin\nsensor-2,K".getBytes(StandardCharsets.UTF_8));
		bytes.write(0xF6); // ö in Latin-1
		bytes.writeBytes("ln\n".getBytes(StandardCharsets.UTF_8));
		Path file = Files.write(this.dir.resolve("latin1.csv"), bytes.toByteArray());
		assertThatFormatProblem(file)
			.hasMessage(file + ": line 3: not valid UTF-8 (byte 0xF6); the manifest must be saved"
					+ " as UTF-8 (in Excel: 'CSV UTF-8'), not in a legacy encoding such as Latin-1 or Windows-1252");
	}

	@Test
	void namesTheRightLineForInvalidUtf8FarIntoTheFile() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes("registrationId,note\r\n".getBytes(StandardCharsets.UTF_8));
		for (int i = 0; i < 9_999; i++) {
			bytes.writeBytes(("sensor-" + i + ",\"multi\r\nline ü\"\r\n").getBytes(StandardCharsets.UTF_8));
		}
		bytes.writeBytes(new byte[] { 'x', ',', (byte) 0xC3, '(', '\r', '\n' });
		Path file = Files.write(this.dir.resolve("devices.csv"), bytes.toByteArray());
		assertThatFormatProblem(file).hasMessageStartingWith(file + ": line 20000: not valid UTF-8 (byte 0xC3)");
	}

	@Test
	void refusesATruncatedUtf8SequenceAtTheEnd() throws IOException {
		byte[] start = "registrationId\nsensor-1\n".getBytes(StandardCharsets.UTF_8);
		byte[] bytes = java.util.Arrays.copyOf(start, start.length + 1);
		bytes[start.length] = (byte) 0xE2;
		Path file = Files.write(this.dir.resolve("devices.csv"), bytes);
		assertThatFormatProblem(file).hasMessageStartingWith(file + ": line 3: not valid UTF-8 (byte 0xE2)");
	}

	@Test
	void refusesAUtf16File() throws IOException {
		Path file = Files.write(this.dir.resolve("devices.csv"),
				"\uFEFFregistrationId\r\nsensor-1\r\n".getBytes(StandardCharsets.UTF_16LE));
		assertThatFormatProblem(file).hasMessage(
				file + ": the file is UTF-16 encoded (it starts with a UTF-16 byte order mark); save it as UTF-8");
	}

	@Test
	void refusesANulCharacterNamingTheLine() throws IOException {
		Path file = write("registrationId\nsensor-1\nsensor-2\u0000\n");
		assertThatFormatProblem(file)
			.hasMessageStartingWith(file + ": line 3: contains a NUL character, so this is not a" + " text file");
	}

	@Test
	void refusesAUtf16FileWithoutByteOrderMark() throws IOException {
		Path file = Files.write(this.dir.resolve("devices.csv"),
				"registrationId\r\n".getBytes(StandardCharsets.UTF_16LE));
		assertThatFormatProblem(file).hasMessageStartingWith(file + ": line 1: contains a NUL character");
	}

	@Test
	void refusesBinaryGarbage() throws IOException {
		byte[] garbage = new byte[4096];
		new java.util.Random(42).nextBytes(garbage);
		Path file = Files.write(this.dir.resolve("firmware.bin"), garbage);
		assertThatFormatProblem(file)
			.satisfies((ex) -> assertThat(ex.getMessage()).containsAnyOf("not valid UTF-8", "NUL character"));
	}

	@Test
	void refusesAnExcelWorkbook() throws IOException {
		Path file = Files.write(this.dir.resolve("devices.xlsx"), new byte[] { 'P', 'K', 3, 4, 20, 0, 6, 0 });
		assertThatFormatProblem(file)
			.hasMessage(file + ": this is a ZIP archive (an Excel workbook?), not a CSV file; save"
					+ " the sheet as 'CSV UTF-8' and pass that file");
	}

	@Test
	void refusesAQuoteThatIsNeverClosed() throws IOException {
		Path file = write("registrationId,note\nsensor-1,ok\nsensor-2,\"never closed\nsensor-3,x\n");
		assertThatFormatProblem(file).hasMessage(file + ": line 3: a quoted field in the record starting here is never"
				+ " closed: the file ends before its closing double quote");
	}

	@Test
	void refusesTextAfterAClosingQuote() throws IOException {
		Path file = write("registrationId,note\nsensor-1,\"5\" display\"\n");
		assertThatFormatProblem(file)
			.hasMessageStartingWith(
					file + ": line 2: the record starting here has text after the" + " closing quote of a field")
			.hasMessageEndingWith("a double quote inside a quoted value must be written twice (\"\")");
	}

	@Test
	void refusesARecordLongerThanOneMebibyte() throws IOException {
		Path file = write(
				"registrationId,note\nsensor-1,short\nsensor-2," + "x".repeat(1100 * 1024) + "\nsensor-3,x\n");
		assertThatFormatProblem(file)
			.hasMessage(file + ": line 3: a record longer than 1 MiB starts here; is this a CSV"
					+ " manifest? (a quote that is never closed also turns the rest of the file into one record)");
	}

	@Test
	void refusesAFileWithoutLineBreaks() throws IOException {
		Path file = write("registrationId," + "c,".repeat(600_000));
		assertThatFormatProblem(file).hasMessageStartingWith(file + ": line 1: a record longer than 1 MiB starts here");
	}

	@Test
	void refusesAnUnclosedQuoteThatSwallowsTheRestOfALargeFile() throws IOException {
		StringBuilder csv = new StringBuilder("registrationId,note\nsensor-0,\"oops\n");
		for (int i = 1; i < 100_000; i++) {
			csv.append("sensor-").append(i).append(",fine\n");
		}
		Path file = write(csv.toString());
		assertThatFormatProblem(file).hasMessageStartingWith(file + ": line 2: a record longer than 1 MiB starts here");
	}

	@Test
	void acceptsRecordsJustUnderTheLimit() throws IOException {
		String big = "x".repeat(1000 * 1024);
		Path file = write("registrationId,note\nsensor-1," + big + "\nsensor-2," + big + "\n");
		assertThat(CsvManifest.scan(file).rows()).isEqualTo(2);
	}

	private static AbstractThrowableAssert<?, ManifestFormatException> assertThatFormatProblem(Path file) {
		ManifestFormatException problem = catchThrowableOfType(ManifestFormatException.class,
				() -> CsvManifest.scan(file));
		assertThat(problem).as("the ManifestFormatException thrown").isNotNull();
		assertThat(problem.file()).isEqualTo(file);
		return assertThat(problem);
	}

	private Path write(String content) throws IOException {
		return Files.writeString(this.dir.resolve("devices.csv"), content, StandardCharsets.UTF_8);
	}

}
