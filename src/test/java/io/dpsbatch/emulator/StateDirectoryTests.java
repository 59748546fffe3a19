package io.dpsbatch.emulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StateDirectoryTests {

	@TempDir
	Path parent;

	@Test
	void aNewDirectoryIsOwnerOnlyAndSoAreItsSecrets() throws Exception {
		StateDirectory state = StateDirectory.open(this.parent.resolve("a/b"));

		state.writeSecret("key", "secret".getBytes(StandardCharsets.US_ASCII));

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.parent.resolve("a/b"))))
			.isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("key"))))
			.isEqualTo("rw-------");
		assertThat(state.readText("key")).hasValue("secret");
	}

	@Test
	void aSecretIsReplacedWholeAndNoTemporaryFileIsLeft() throws Exception {
		StateDirectory state = StateDirectory.open(this.parent);
		state.writeSecret("key", "first".getBytes(StandardCharsets.US_ASCII));

		state.writeSecret("key", "second\n".getBytes(StandardCharsets.US_ASCII));

		assertThat(state.readText("key")).hasValue("second");
		try (var files = Files.list(this.parent)) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactly("key");
		}
	}

	@Test
	void aMissingOrBlankFileReadsAsEmpty() throws Exception {
		StateDirectory state = StateDirectory.open(this.parent);
		Files.writeString(this.parent.resolve("blank"), "  \n");

		assertThat(state.readText("missing")).isEmpty();
		assertThat(state.readText("blank")).isEmpty();
	}

	@Test
	void exclusiveWorkReturnsItsResultAndReleasesTheLock() {
		StateDirectory state = StateDirectory.open(this.parent);

		assertThat(state.exclusively(() -> "first")).isEqualTo("first");
		assertThat(state.exclusively(() -> "second")).isEqualTo("second");
	}

}
