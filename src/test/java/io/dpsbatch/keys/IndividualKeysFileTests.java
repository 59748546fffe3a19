package io.dpsbatch.keys;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import io.dpsbatch.exit.UsageError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.dpsbatch.keys.KeysFiles.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IndividualKeysFileTests {

	private static final String PROPERTY = "dps.enrollments.line-c.individual-keys-file";

	@TempDir
	Path dir;

	private IndividualKeysFile open(String content) {
		return IndividualKeysFile.open(KeysFiles.write(this.dir.resolve("keys.csv"), content), PROPERTY);
	}

	private KeysFileException refusal(String content) {
		return assertThatExceptionOfType(KeysFileException.class).isThrownBy(() -> open(content)).actual();
	}

	@Test
	void findsEachDevicesOwnKeysWithoutRegardToCase() {
		try (IndividualKeysFile keys = open("sensor-1," + key(1) + "," + key(2) + "\r\nSensor-2," + key(3) + "\n")) {
			IndividualKeys first = keys.find("SENSOR-1").orElseThrow();
			assertThat(first.registrationId()).isEqualTo("sensor-1");
			assertThat(first.primary()).isEqualTo(DeviceKey.fromBase64(key(1), "k"));
			assertThat(first.secondary()).isEqualTo(DeviceKey.fromBase64(key(2), "k"));
			IndividualKeys second = keys.find("sensor-2").orElseThrow();
			assertThat(second.primary().toBase64()).isEqualTo(key(3));
			assertThat(second.hasSecondary()).isFalse();
			assertThat(keys.find("sensor-3")).isEmpty();
			assertThat(keys.contains("sensor-2")).isTrue();
			assertThat(keys.contains("sensor-")).isFalse();
			assertThat(keys.size()).isEqualTo(2);
			assertThat(keys.indexBytes()).isEqualTo(16);
			assertThat(first.toString()).doesNotContain(key(1)).doesNotContain(key(2));
		}
	}

	@Test
	void aHeaderRowABomBlankLinesSpacesAndQuotesAreAccepted() {
		String content = "\uFEFFRegistrationID, primaryKey ,secondaryKey\n\n \"dev-a\" , " + key(5) + " ,\n\ndev-b,\""
				+ key(6) + "\"";
		try (IndividualKeysFile keys = open(content)) {
			assertThat(keys.size()).isEqualTo(2);
			assertThat(keys.find("dev-a").orElseThrow().primary().toBase64()).isEqualTo(key(5));
			assertThat(keys.find("dev-a").orElseThrow().hasSecondary()).isFalse();
			assertThat(keys.find("dev-b").orElseThrow().primary().toBase64()).isEqualTo(key(6));
			assertThat(keys.contains("registrationId")).isFalse();
		}
	}

	@Test
	void theFingerprintTellsVersionsOfTheFileApartWithoutShowingAKey() {
		String one;
		String two;
		try (IndividualKeysFile keys = open("dev-a," + key(5) + "\n")) {
			one = keys.fingerprint();
		}
		try (IndividualKeysFile keys = open("dev-a," + key(6) + "\n")) {
			two = keys.fingerprint();
		}
		assertThat(one).matches("sha256:[0-9a-f]{12}").isNotEqualTo(two);
	}

	@ParameterizedTest
	@ValueSource(strings = { "rw-r-----", "rw----r--", "rw--w----", "rwx---rwx" })
	void aFileOpenToOtherUsersIsRefusedAsSshRefusesSuchAPrivateKey(String mode) throws IOException {
		Path file = KeysFiles.write(this.dir.resolve("keys.csv"), "dev-a," + key(5) + "\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));

		assertThatExceptionOfType(KeysFileException.class).isThrownBy(() -> IndividualKeysFile.open(file, PROPERTY))
			.withMessage(PROPERTY + " " + file + " is open to other users (" + mode + "); device keys must not be. "
					+ "Find out who could read it, then run 'chmod 600 " + file + "'")
			.isInstanceOf(UsageError.class);
	}

	@Test
	void aMissingFileOrAFolderIsRefused() {
		Path missing = this.dir.resolve("nowhere.csv");
		assertThatExceptionOfType(KeysFileException.class).isThrownBy(() -> IndividualKeysFile.open(missing, PROPERTY))
			.withMessage("cannot read " + PROPERTY + " " + missing + ": no such file");
		assertThatExceptionOfType(KeysFileException.class).isThrownBy(() -> IndividualKeysFile.open(this.dir, PROPERTY))
			.withMessageEndingWith(" is not a plain file");
	}

	@Test
	void aKeyThatIsNotBase64IsRefusedNamingLineAndDeviceButNotTheKey() {
		String bad = key(7).substring(0, 20) + "!!" + key(7).substring(22);
		KeysFileException ex = refusal("dev-a," + key(5) + "\ndev-b," + key(6) + "," + bad + "\n");

		assertThat(ex)
			.hasMessageContaining(": line 2 is unusable: the secondary key of device 'dev-b' is not valid base64")
			.hasMessageNotContaining(bad)
			.hasMessageNotContaining(key(6))
			.hasNoCause();
	}

	@Test
	void aKeyOfTheWrongLengthIsRefused() {
		String short8 = Base64.getEncoder().encodeToString(new byte[8]);
		assertThat(refusal("dev-a," + short8 + "\n")).hasMessageEndingWith(
				"line 1 is unusable: the primary key of device 'dev-a' decodes to 8 bytes; DPS symmetric keys are 16 to 64 bytes");
	}

	@Test
	void rowsWithTooFewOrTooManyCellsOrNoRegistrationIdAreRefused() {
		assertThat(refusal("dev-a\n"))
			.hasMessageEndingWith("line 1 has 1 cell; each row is " + KeysFileRows.ROW_FORMAT);
		assertThat(refusal("dev-a," + key(1) + "," + key(2) + ",x\n")).hasMessageContaining("line 1 has 4 cells");
		assertThat(refusal("dev a," + key(1) + "\n"))
			.hasMessageContaining("line 1 does not start with a registration ID");
		assertThat(refusal("dev-a," + key(1) + "\n," + key(2) + "\n"))
			.hasMessageContaining("line 2 does not start with a registration ID");
	}

	@Test
	void aLineLongerThanALookupReadsIsRefused() {
		assertThat(refusal("dev-a," + key(1) + "\ndev-b, " + " ".repeat(3000) + key(2) + "\ndev-c," + key(3) + "\n"))
			.hasMessageEndingWith(": line 2 is longer than 2048 bytes; a row is " + KeysFileRows.ROW_FORMAT);
		assertThat(refusal("dev-a," + key(1) + "\ndev-b," + key(2) + " ".repeat(3000)))
			.hasMessageContaining(": line 2 is longer than 2048 bytes");
	}

	@Test
	void aDeviceListedTwiceIsRefusedWhateverTheCase() {
		assertThat(refusal("dev-a," + key(1) + "\ndev-b," + key(2) + "\nDEV-A," + key(3) + "\n"))
			.hasMessage(PROPERTY + " " + this.dir.resolve("keys.csv") + " lists device 'dev-a' more than once "
					+ "(registration IDs are case-insensitive); keep one row for it");
	}

	@Test
	void anEmptyFileOrOneWithOnlyAHeaderIsRefused() {
		assertThat(refusal("")).hasMessageContaining("lists no device");
		assertThat(refusal("registrationId,primaryKey\n")).hasMessageContaining("lists no device");
	}

	@Test
	void textThatIsNotAsciiOrNotCsvIsRefusedWithoutQuotingIt() {
		assertThat(refusal("dev-a," + key(1) + "\ndév-b," + key(2) + "\n")).hasMessageContaining("is not ASCII text")
			.hasMessageNotContaining("dév");
		assertThat(refusal("dev-a," + key(1) + "\n\"dev-b," + key(2) + "\n"))
			.hasMessageContaining("is not valid CSV after line 1")
			.hasMessageNotContaining(key(2));
	}

	/**
	 * DPS's limit of individual enrollments an instance: the file's keys are not held,
	 * only the index of 8 bytes a device. The heap is measured too, after a GC, as a
	 * second opinion (printed; the assertion is generous, as a GC's figures are not
	 * exact): holding the keys would take several hundred MB.
	 */
	@Test
	void aMillionDeviceFileCostsItsIndexAndNotItsKeys() throws IOException {
		int devices = 1_000_000;
		Path file = this.dir.resolve("million.csv");
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
			out.write("registrationId,primaryKey,secondaryKey\n");
			for (int i = 0; i < devices; i++) {
				out.write("device-" + i + "," + key(i % 251) + "," + key((i + 1) % 251) + "\n");
			}
		}
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		long heapBefore = usedHeapAfterGc();

		try (IndividualKeysFile keys = IndividualKeysFile.open(file, PROPERTY)) {
			long heapGrowth = usedHeapAfterGc() - heapBefore;
			System.out.printf("1,000,000-device keys file (%d MB): index %d bytes, heap growth after GC %d bytes%n",
					Files.size(file) >> 20, keys.indexBytes(), heapGrowth);

			assertThat(keys.size()).isEqualTo(devices);
			assertThat(keys.indexBytes()).isEqualTo(8L * devices);
			assertThat(heapGrowth).isLessThan(4 * keys.indexBytes());
			for (int i : new int[] { 0, 1, 499_999, 777_777, devices - 1 }) {
				IndividualKeys found = keys.find("DEVICE-" + i).orElseThrow();
				assertThat(found.registrationId()).isEqualTo("device-" + i);
				assertThat(found.primary().toBase64()).isEqualTo(key(i % 251));
				assertThat(found.secondary().toBase64()).isEqualTo(key((i + 1) % 251));
			}
			assertThat(keys.contains("device-" + devices)).isFalse();
		}
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
