package io.dpsbatch.enrollment;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.GroupKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.dpsbatch.keys.KeysFiles.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnrollmentKeysLoaderTests {

	private static final String GROUP_KEY = key(1);

	private static final String SECONDARY_GROUP_KEY = key(2);

	@TempDir
	Path tempDir;

	@Test
	void primaryFromTheProperty() {
		EnrollmentKeys keys = EnrollmentKeysLoader.load(properties(GROUP_KEY, null, null, null));

		assertThat(keys.primary()).isEqualTo(GroupKey.fromBase64(GROUP_KEY));
		assertThat(keys.secondary()).isNull();
		assertThat(keys.hasSecondary()).isFalse();
	}

	@Test
	void primaryFromAFileWithItsWhitespaceTrimmed() throws Exception {
		Path file = Files.writeString(this.tempDir.resolve("group.key"), "\n  " + GROUP_KEY + "  \r\n");

		EnrollmentKeys keys = EnrollmentKeysLoader.load(properties(null, file, null, null));

		assertThat(keys.primary()).isEqualTo(GroupKey.fromBase64(GROUP_KEY));
	}

	@Test
	void secondaryFromThePropertyOrAFile() throws Exception {
		Path file = Files.writeString(this.tempDir.resolve("secondary.key"), SECONDARY_GROUP_KEY + "\n");

		assertThat(EnrollmentKeysLoader.load(properties(GROUP_KEY, null, SECONDARY_GROUP_KEY, null)).secondary())
			.isEqualTo(GroupKey.fromBase64(SECONDARY_GROUP_KEY));
		assertThat(EnrollmentKeysLoader.load(properties(GROUP_KEY, null, null, file)).secondary())
			.isEqualTo(GroupKey.fromBase64(SECONDARY_GROUP_KEY));
	}

	@Test
	void noPrimaryKeyAtAll() {
		assertRefused(properties(null, null, null, null),
				"no enrollment group key: set DPS_GROUP_KEY, dps.group-key or dps.group-key-file");
		// an empty DPS_GROUP_KEY is as good as none
		assertRefused(properties(" ", null, SECONDARY_GROUP_KEY, null),
				"no enrollment group key: set DPS_GROUP_KEY, dps.group-key or dps.group-key-file");
	}

	@Test
	void keyAndKeyFileTogether() throws Exception {
		Path file = Files.writeString(this.tempDir.resolve("group.key"), GROUP_KEY);

		assertRefused(properties(GROUP_KEY, file, null, null),
				"both dps.group-key and dps.group-key-file are set: set only one of them");
		assertRefused(properties(GROUP_KEY, null, SECONDARY_GROUP_KEY, file),
				"both dps.secondary-group-key and dps.secondary-group-key-file are set");
	}

	@Test
	void malformedKeySaysWhyButNeverShowsTheKey() {
		String malformed = "this-is-not-base64-but-a-secret!!";

		assertThatThrownBy(() -> EnrollmentKeysLoader.load(properties(malformed, null, null, null)))
			.isInstanceOf(EnrollmentConfigurationException.class)
			.hasMessage("the enrollment group key from dps.group-key is unusable: the group key is not valid base64")
			.hasMessageNotContaining(malformed);
		String tooShort = "c2hvcnQ=";
		assertThatThrownBy(() -> EnrollmentKeysLoader.load(properties(GROUP_KEY, null, tooShort, null)))
			.isInstanceOf(EnrollmentConfigurationException.class)
			.hasMessageStartingWith("the enrollment group key from dps.secondary-group-key is unusable: the group key"
					+ " decodes to 5 bytes")
			.hasMessageNotContaining(tooShort);
	}

	@Test
	void malformedKeyFileNamesTheFile() throws Exception {
		Path file = Files.writeString(this.tempDir.resolve("group.key"), "");

		assertRefused(properties(null, file, null, null),
				"the enrollment group key from dps.group-key-file " + file + " is unusable: the group key is empty");
	}

	@Test
	void unreadableKeyFileNamesTheFile() {
		Path missing = this.tempDir.resolve("no-such.key");

		assertRefused(properties(null, missing, null, null),
				"cannot read dps.group-key-file " + missing + ": no such file");
		assertRefused(properties(GROUP_KEY, null, null, this.tempDir),
				"cannot read dps.secondary-group-key-file " + this.tempDir);
	}

	private static void assertRefused(DefaultEnrollmentSettings properties, String message) {
		assertThatThrownBy(() -> EnrollmentKeysLoader.load(properties))
			.isInstanceOf(EnrollmentConfigurationException.class)
			.hasMessageStartingWith(message)
			.hasMessageNotContaining(GROUP_KEY)
			.hasMessageNotContaining(SECONDARY_GROUP_KEY);
	}

	private static DefaultEnrollmentSettings properties(String groupKey, Path groupKeyFile, String secondaryGroupKey,
			Path secondaryGroupKeyFile) {
		return new DefaultEnrollmentSettings("0ne00000A0A", URI.create("https://dps.example.test"), groupKey,
				groupKeyFile, secondaryGroupKey, secondaryGroupKeyFile);
	}

}
