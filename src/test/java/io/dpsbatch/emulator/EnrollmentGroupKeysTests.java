package io.dpsbatch.emulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import io.dpsbatch.keys.GroupKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EnrollmentGroupKeysTests {

	private static final String PRIMARY = "AAECAwQFBgcICQoLDA0ODw==";

	private static final String SECONDARY = "DwAODQwLCgkIBwYFBAMCAQ==";

	@TempDir
	Path directory;

	@Test
	void absentKeysAreGeneratedOnceAndKept() throws Exception {
		StateDirectory state = StateDirectory.open(this.directory);

		EnrollmentGroupKeys first = EnrollmentGroupKeys.loadOrCreate(EmulatorProperties.defaults(), state);
		EnrollmentGroupKeys second = EnrollmentGroupKeys.loadOrCreate(EmulatorProperties.defaults(), state);

		assertThat(Base64.getDecoder().decode(first.primaryBase64())).hasSize(64);
		assertThat(first.secondaryBase64()).isNotEqualTo(first.primaryBase64());
		assertThat(second.primaryBase64()).isEqualTo(first.primaryBase64());
		assertThat(second.secondaryBase64()).isEqualTo(first.secondaryBase64());
		assertThat(Files.readString(this.directory.resolve("group-key"))).isEqualTo(first.primaryBase64());
	}

	@Test
	void configuredKeysWinAndAreNotWritten() {
		StateDirectory state = StateDirectory.open(this.directory);

		EnrollmentGroupKeys keys = EnrollmentGroupKeys.loadOrCreate(properties("BOTH"), state);

		assertThat(keys.primaryBase64()).isEqualTo(PRIMARY);
		assertThat(keys.secondaryBase64()).isEqualTo(SECONDARY);
		assertThat(this.directory.resolve("group-key")).doesNotExist();
	}

	@Test
	void acceptedKeysFollowAcceptKeys() {
		StateDirectory state = StateDirectory.open(this.directory);

		assertThat(EnrollmentGroupKeys.loadOrCreate(properties("BOTH"), state).accepted())
			.containsExactly(GroupKey.fromBase64(PRIMARY), GroupKey.fromBase64(SECONDARY));
		assertThat(EnrollmentGroupKeys.loadOrCreate(properties("PRIMARY"), state).accepted())
			.containsExactly(GroupKey.fromBase64(PRIMARY));
		assertThat(EnrollmentGroupKeys.loadOrCreate(properties("SECONDARY"), state).accepted())
			.containsExactly(GroupKey.fromBase64(SECONDARY));
	}

	@Test
	void toStringHidesTheKeys() {
		EnrollmentGroupKeys keys = EnrollmentGroupKeys.loadOrCreate(properties("BOTH"),
				StateDirectory.open(this.directory));

		assertThat(keys.toString()).doesNotContain(PRIMARY).doesNotContain(SECONDARY);
	}

	private static EmulatorProperties properties(String acceptKeys) {
		return EmulatorProperties.bind(Map.of("emulator.group-key", PRIMARY, "emulator.secondary-group-key", SECONDARY,
				"emulator.accept-keys", acceptKeys));
	}

}
