package io.dpsbatch.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DeriveKeyCommandTests {

	static final String PUBLISHED_GROUP_KEY = "8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegxkqIChbqOS9Egw==";

	@TempDir
	Path work;

	@Test
	void reproducesMicrosoftsPublishedVector() {
		CliRunner.Result result = new CliRunner(this.work).with("--dps.group-key=" + PUBLISHED_GROUP_KEY)
			.run("derive-key", "--registration-id", "sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6", "other-device");
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out().lines()).hasSize(2)
			.first()
			.isEqualTo("sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6,Jsm0lyGpjaVYVP2g3FnmnmG9dI/9qU24wNoykUmermc=");
		// a light context: derive-key never creates the results store
		assertThat(this.work.resolve("data")).doesNotExist();
	}

	@Test
	void anInvalidRegistrationIdIsAUsageError() {
		CliRunner.Result result = new CliRunner(this.work).with("--dps.group-key=" + PUBLISHED_GROUP_KEY)
			.run("derive-key", "--registration-id", "bad id");
		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("'bad id'").contains("space");
		assertThat(result.out()).isEmpty();
	}

	@Test
	void withoutAGroupKeyItSaysWhatToConfigure() {
		CliRunner.Result result = new CliRunner(this.work).run("derive-key", "--registration-id", "dev-1");
		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("DPS_GROUP_KEY");
	}

	@Test
	void unknownOptionsAreUsageErrorsWithAHint() {
		CliRunner.Result result = new CliRunner(this.work).run("status", "--bach", "x");
		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("--bach").contains("dps-batch status --help");
		assertThat(this.work.resolve("data")).doesNotExist();
	}

	@Test
	void everyCommandHasHelp() {
		for (String command : new String[] { "provision", "status", "export", "derive-key", "emulator" }) {
			CliRunner.Result result = new CliRunner(this.work).run(command, "--help");
			assertThat(result.exitCode()).as(command).isZero();
			assertThat(result.out()).as(command).contains("Usage: dps-batch " + command);
		}
		CliRunner.Result top = new CliRunner(this.work).run("--help");
		assertThat(top.out()).contains("Exit codes").contains("64");
	}

}
