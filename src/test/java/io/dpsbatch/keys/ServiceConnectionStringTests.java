package io.dpsbatch.keys;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

class ServiceConnectionStringTests {

	static final String KEY = "c2VydmljZS1wb2xpY3kta2V5LWZvci10ZXN0cy0wMTIzNDU2Nzg5YWJjZGVm";

	static final String CONNECTION_STRING = "HostName=My-Dps.azure-devices-provisioning.net;"
			+ "SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=" + KEY;

	@Test
	void readsTheThreePartsWithoutRegardToTheCaseOfTheirNames() {
		ServiceConnectionString parsed = ServiceConnectionString
			.parse(" hostname=My-Dps.azure-devices-provisioning.net ; SHAREDACCESSKEYNAME=owner;sharedAccessKey=" + KEY
					+ ";", "dps.service-connection-string");
		assertThat(parsed.hostName()).isEqualTo("My-Dps.azure-devices-provisioning.net");
		assertThat(parsed.policyName()).isEqualTo("owner");
	}

	@Test
	void signsForTheLowerCaseHostNameAsTheDocumentationSays() throws Exception {
		Instant expiry = Instant.ofEpochSecond(1_700_000_000L);
		SasToken token = ServiceConnectionString.parse(CONNECTION_STRING, "test").sign(expiry);
		String sr = URLEncoder.encode("my-dps.azure-devices-provisioning.net", StandardCharsets.UTF_8);
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(KEY), "HmacSHA256"));
		String expected = Base64.getEncoder()
			.encodeToString(mac.doFinal((sr + "\n" + 1_700_000_000L).getBytes(StandardCharsets.UTF_8)));
		assertThat(token.headerValue()).isEqualTo("SharedAccessSignature sr=" + sr + "&sig="
				+ URLEncoder.encode(expected, StandardCharsets.UTF_8) + "&se=1700000000&skn=provisioningserviceowner");
		assertThat(token.toString()).doesNotContain(expected).contains("sig=hidden");
	}

	@Test
	void neverShowsTheKey() {
		ServiceConnectionString parsed = ServiceConnectionString.parse(CONNECTION_STRING, "test");
		assertThat(parsed.toString()).doesNotContain(KEY).contains("My-Dps", "key=hidden");
		assertThat(parsed.fingerprint()).startsWith("sha256:").doesNotContain(KEY);
	}

	@Test
	void refusesMalformedStringsWithMessagesThatNeverQuoteTheKey() {
		String[] malformed = { "", "HostName=a.b;SharedAccessKeyName=owner",
				"HostName=a.b;SharedAccessKeyName=owner;SharedAccessKey=" + KEY + ";SharedAccessKey=" + KEY,
				"HostName=https://a.b;SharedAccessKeyName=owner;SharedAccessKey=" + KEY,
				"HostName=a.b:443;SharedAccessKeyName=owner;SharedAccessKey=" + KEY,
				"HostName=a.b;SharedAccessKeyName=owner;SharedAccessKey=" + KEY + "!",
				"HostName=a.b;SharedAccessKeyName=owner;SharedAccessKey=" + KEY + ";DeviceId=x",
				"HostName=a.b;SharedAccessKeyName=owner;" + KEY };
		for (String value : malformed) {
			Throwable refusal = catchThrowable(
					() -> ServiceConnectionString.parse(value, "dps.service-connection-string"));
			assertThat(refusal).as(value)
				.isInstanceOf(InvalidKeyException.class)
				.hasMessageStartingWith("dps.service-connection-string");
			assertThat(refusal.getMessage()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 12));
		}
	}

	@Test
	void readsAFileOnlyItsOwnerMayRead(@TempDir Path directory) {
		Path file = KeysFiles.write(directory.resolve("service.txt"), CONNECTION_STRING + "\n");
		assertThat(ServiceConnectionString.fromFile(file, "dps.service-connection-string-file").policyName())
			.isEqualTo("provisioningserviceowner");
	}

	@Test
	void refusesAFileOpenToOthers(@TempDir Path directory) throws Exception {
		Path file = KeysFiles.write(directory.resolve("service.txt"), CONNECTION_STRING);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		assertThatExceptionOfType(KeysFileException.class)
			.isThrownBy(() -> ServiceConnectionString.fromFile(file, "dps.service-connection-string-file"))
			.withMessageContaining("dps.service-connection-string-file")
			.withMessageContaining("chmod 600")
			.withMessageNotContaining(KEY);
	}

}
