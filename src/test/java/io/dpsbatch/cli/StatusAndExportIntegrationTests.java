package io.dpsbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.WithEmulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@WithEmulator
class StatusAndExportIntegrationTests {

	@TempDir
	Path work;

	private DpsEmulator emulator;

	private CliRunner cli;

	@BeforeEach
	void provisionTheSampleWithMistakes(DpsEmulator emulator) {
		this.emulator = emulator;
		this.cli = new CliRunner(this.work).against(this.emulator);
		assertThat(this.cli.run("provision", "--manifest", "sample-data/devices-with-mistakes.csv", "--batch", "line-2")
			.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
	}

	@Test
	void statusListsBatchesAndShowsOneInDetail() {
		CliRunner.Result list = this.cli.run("status");
		assertThat(list.exitCode()).isZero();
		assertThat(list.out()).containsPattern("line-2\\s+20\\s+10\\s+0\\s+10\\s+0");
		CliRunner.Result detail = this.cli.run("status", "--batch", "line-2");
		assertThat(detail.exitCode()).isZero();
		assertThat(detail.out()).contains("finished")
			.contains("rejected")
			.contains("sha256:")
			.doesNotContain(this.emulator.groupKey());
		assertThat(this.cli.run("status", "--batch", "nope").exitCode()).isEqualTo(ExitCodes.USAGE);
	}

	@Test
	void statusShowsTheControlCharactersOfAStoredDpsMessageAsEscapes() throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + this.work.resolve("data/dps-batch"),
				"sa", ""); Statement update = connection.createStatement()) {
			update.executeUpdate("UPDATE dpsb_device SET status = 'FAILED', error_code = '400209', "
					+ "error_message = 'refused \u202Edegats\u202C by DPS' WHERE batch_name = 'line-2' AND status = 'ASSIGNED' "
					+ "AND line_no = (SELECT MIN(line_no) FROM dpsb_device WHERE batch_name = 'line-2' AND status = 'ASSIGNED')");
		}
		CliRunner.Result detail = this.cli.run("status", "--batch", "line-2");
		assertThat(detail.exitCode()).isZero();
		assertThat(detail.out()).contains("e.g. refused \\u202edegats\\u202c by DPS").doesNotContain("\u202E");
	}

	@Test
	void exportWritesTheSameFilesAgain() throws Exception {
		Path credentials = this.cli.outputOf("line-2").resolve("credentials.csv");
		byte[] before = Files.readAllBytes(credentials);
		Files.delete(credentials);
		CliRunner.Result export = this.cli.run("export", "--batch", "line-2");
		assertThat(export.exitCode()).as(export.toString()).isZero();
		assertThat(Files.readAllBytes(credentials)).isEqualTo(before);
		assertThat(this.emulator.counts().registerCalls()).isEqualTo(10);
	}

	@Test
	void exportRefusesAnotherGroupKey() {
		CliRunner.Result export = this.cli.with("--dps.group-key=" + DeriveKeyCommandTests.PUBLISHED_GROUP_KEY)
			.run("export", "--batch", "line-2");
		assertThat(export.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(export.err()).contains("device keys would be wrong");
	}

}
