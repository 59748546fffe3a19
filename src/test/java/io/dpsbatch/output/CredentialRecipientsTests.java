package io.dpsbatch.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.LineOutcome;
import io.dpsbatch.store.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * credentials.csv.p7m: opened by stock OpenSSL with any recipient's key and by no other
 * key, holding exactly the bytes credentials.csv would; certificates that cannot be used
 * are refused before anything is written.
 */
class CredentialRecipientsTests {

	private static final int DEVICES = 50;

	@TempDir
	Path work;

	private TestDatabase.Store store;

	private BatchHistory history;

	private final io.dpsbatch.enrollment.Enrollments keys = BatchExporterTests
		.enrollments(new EnrollmentKeys(GroupKey.fromBase64(BatchExporterTests.PRIMARY), null));

	@BeforeEach
	void createBatch() {
		JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.migrated());
		this.store = TestDatabase.store(jdbc.getDataSource());
		this.history = new BatchHistory(jdbc);
		this.store.batches().createBatch(TestDatabase.batch("line-1"));
		this.store.imports()
			.importRows("line-1",
					IntStream.range(0, DEVICES).mapToObj((i) -> TestDatabase.row(i + 2, "dev-" + i)).toList());
		this.store.queue()
			.recordOutcomes("line-1",
					IntStream.range(0, DEVICES)
						.mapToObj((i) -> new LineOutcome(i + 2, TestDatabase.assigned("dev-" + i, 1)))
						.toList());
	}

	@Test
	void everyRecipientOpensTheFileWithOpenSslAndFindsExactlyTheCsv() throws Exception {
		Path stations = Files.createDirectory(this.work.resolve("stations"));
		List<TestCertificates.Station> recipients = List.of(TestCertificates.rsa(stations, "station-rsa", 2048),
				TestCertificates.ec(stations, "station-p256", "secp256r1"),
				TestCertificates.ec(stations, "escrow-p384", "secp384r1"));
		byte[] plaintext = Files.readAllBytes(exporter("plain", List.of()).export("line-1", this.keys).credentials());

		BatchExporter.ExportedFiles files = exporter("encrypted",
				recipients.stream().map(TestCertificates.Station::certificate).toList())
			.export("line-1", this.keys);

		assertThat(files.credentials().getFileName().toString()).isEqualTo("credentials.csv.p7m");
		assertThat(files.folder().resolve("credentials.csv")).doesNotExist();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.credentials())))
			.isEqualTo("rw-------");
		byte[] der = Files.readAllBytes(files.credentials());
		assertThat(der[0]).as("a SEQUENCE").isEqualTo((byte) 0x30);
		assertThat(der[1]).as("of definite length (DER, not BER's 0x80)").isNotEqualTo((byte) 0x80);
		assertThat(new String(plaintext, StandardCharsets.UTF_8)).contains("dev-49,dev-49,hub-1.azure-devices.net");
		for (TestCertificates.Station station : recipients) {
			OpenSsl.Decrypted opened = OpenSsl.decrypt(files.credentials(), station,
					this.work.resolve(station.certificate().getFileName() + ".csv"));
			assertThat(opened.exitCode()).as(opened.errors()).isZero();
			assertThat(opened.plaintext()).as(station.certificate().toString()).isEqualTo(plaintext);
		}
	}

	@Test
	void aKeyThatIsNoRecipientsCannotOpenIt() throws Exception {
		Path stations = Files.createDirectory(this.work.resolve("stations"));
		TestCertificates.Station station = TestCertificates.rsa(stations, "station", 2048);
		TestCertificates.Station intruder = TestCertificates.rsa(stations, "intruder", 2048);
		TestCertificates.Station ecIntruder = TestCertificates.ec(stations, "ec-intruder", "secp256r1");
		Path file = exporter("encrypted",
				List.of(station.certificate(), TestCertificates.ec(stations, "station-ec", "secp256r1").certificate()))
			.export("line-1", this.keys)
			.credentials();

		for (TestCertificates.Station wrong : List.of(intruder, ecIntruder)) {
			// the intruder's key with the station's certificate: openssl tries it on
			// every recipient info
			OpenSsl.Decrypted opened = OpenSsl.decrypt(file,
					new TestCertificates.Station(station.certificate(), wrong.privateKey()),
					this.work.resolve(wrong.privateKey().getFileName() + ".csv"));
			assertThat(opened.exitCode()).isNotZero();
			assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).doesNotContain("dev-0");
		}
	}

	@Test
	void configuringRecipientsRemovesAPlaintextFileOfAnEarlierExport() throws IOException {
		Path stations = Files.createDirectory(this.work.resolve("stations"));
		exporter("out", List.of()).export("line-1", this.keys);
		assertThat(this.work.resolve("out/line-1/credentials.csv")).exists();
		exporter("out", List.of(TestCertificates.rsa(stations, "station", 2048).certificate())).export("line-1",
				this.keys);
		assertThat(this.work.resolve("out/line-1/credentials.csv")).doesNotExist();
		assertThat(this.work.resolve("out/line-1/credentials.csv.p7m")).exists();
	}

	@Test
	void certificatesThatCannotBeUsedAreRefusedNamingTheFileAndTheReasonBeforeAnythingIsWritten() throws IOException {
		Path stations = Files.createDirectory(this.work.resolve("stations"));
		Instant now = Instant.now();
		List<Object[]> cases = new ArrayList<>();
		cases.add(new Object[] { TestCertificates
			.rsaValid(stations, "expired", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)))
			.certificate(), "which expired on" });
		cases.add(new Object[] { TestCertificates
			.rsaValid(stations, "future", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
			.certificate(), "which is not valid before" });
		cases.add(new Object[] { TestCertificates.rsa(stations, "weak", 1024).certificate(),
				"whose RSA key of 1024 bits is too weak: at least 2048" });
		cases.add(new Object[] { TestCertificates.ec(stations, "p521", "secp521r1").certificate(),
				"only P-256 and P-384 are accepted" });
		cases.add(new Object[] { TestCertificates.rsa(stations, "a-key", 2048).privateKey(),
				"is not a PEM X.509 certificate" });
		cases.add(new Object[] { Files.writeString(stations.resolve("empty.pem"), ""), "holds no certificate" });
		cases.add(new Object[] { stations.resolve("missing.pem"), "cannot be read" });
		Path good = TestCertificates.rsa(stations, "good", 2048).certificate();
		for (Object[] refused : cases) {
			Path file = (Path) refused[0];
			BatchExporter exporter = exporter("out", List.of(good, file));
			assertThatThrownBy(() -> exporter.checkOutputFolder("line-1")).as(file.toString())
				.isInstanceOf(CredentialRecipientsException.class)
				.hasMessageStartingWith("batch.credentials-recipients: " + file + " ")
				.hasMessageContaining((String) refused[1]);
			assertThatThrownBy(() -> exporter.export("line-1", this.keys))
				.isInstanceOf(CredentialRecipientsException.class);
			assertThat(this.work.resolve("out")).as("nothing written").doesNotExist();
		}
	}

	private BatchExporter exporter(String folder, List<Path> recipients) {
		return new BatchExporter(this.store.batches(), this.store.reports(), this.history,
				new OutputProperties(this.work.resolve(folder), recipients), Clock.systemUTC());
	}

}
