package io.dpsbatch.emulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmulatorTlsTests {

	@TempDir
	Path directory;

	private final Instant now = Instant.now();

	@Test
	void theServerCertificateIsForLocalhostAndChainsToTheExportedCa() throws Exception {
		EmulatorTls tls = EmulatorTls.loadOrCreate(StateDirectory.open(this.directory), this.now);
		X509Certificate server = serverCertificate();

		assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"),
				List.of(7, "127.0.0.1"));
		assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
		assertThat(server.getBasicConstraints()).isEqualTo(-1);
		assertThat(tls.certificateAuthority().getBasicConstraints()).isZero();
		// the exported trust store validates the server's chain
		trustManager(tls).checkServerTrusted(new X509Certificate[] { server, tls.certificateAuthority() },
				"ECDHE_ECDSA");
		SSLEngine engine = tls.serverContext().createSSLEngine();
		assertThat(engine.getSupportedProtocols()).contains("TLSv1.3", "TLSv1.2");
	}

	@Test
	void everythingIsReusedOnTheNextStart() throws Exception {
		StateDirectory state = StateDirectory.open(this.directory);
		EmulatorTls first = EmulatorTls.loadOrCreate(state, this.now);
		X509Certificate server = serverCertificate();
		byte[] trustStore = Files.readAllBytes(first.trustStore());

		EmulatorTls second = EmulatorTls.loadOrCreate(state, this.now.plus(Duration.ofDays(100)));

		assertThat(second.certificateAuthority()).isEqualTo(first.certificateAuthority());
		assertThat(serverCertificate()).isEqualTo(server);
		assertThat(second.trustStorePassword()).isEqualTo(first.trustStorePassword());
		assertThat(Files.readAllBytes(second.trustStore())).isEqualTo(trustStore);
	}

	@Test
	void aKeptServerCertificateWithoutAServiceHostNameIsReplacedByOneNamingIt() throws Exception {
		StateDirectory state = StateDirectory.open(this.directory);
		EmulatorTls first = EmulatorTls.loadOrCreate(state, this.now);
		X509Certificate before = serverCertificate();

		EmulatorTls second = EmulatorTls.loadOrCreate(state, this.now,
				List.of("0ne00emu001.dps-emulator.localhost", "0ne00emu002.dps-emulator.localhost"));

		assertThat(second.certificateAuthority()).isEqualTo(first.certificateAuthority());
		assertThat(serverCertificate()).isNotEqualTo(before);
		assertThat(serverCertificate().getSubjectAlternativeNames()).contains(List.of(2, "localhost"),
				List.of(7, "127.0.0.1"), List.of(2, "0ne00emu001.dps-emulator.localhost"),
				List.of(2, "0ne00emu002.dps-emulator.localhost"));
		EmulatorTls.loadOrCreate(state, this.now, List.of("0ne00emu001.dps-emulator.localhost"));
		assertThat(serverCertificate().getSubjectAlternativeNames())
			.contains(List.of(2, "0ne00emu002.dps-emulator.localhost"));
	}

	@Test
	void aServerCertificateNearItsEndIsRenewedFromTheSameCa() throws Exception {
		StateDirectory state = StateDirectory.open(this.directory);
		EmulatorTls first = EmulatorTls.loadOrCreate(state, this.now);
		X509Certificate server = serverCertificate();
		byte[] trustStore = Files.readAllBytes(first.trustStore());

		Instant later = server.getNotAfter().toInstant().minus(Duration.ofDays(10));
		EmulatorTls second = EmulatorTls.loadOrCreate(state, later);

		assertThat(second.certificateAuthority()).isEqualTo(first.certificateAuthority());
		X509Certificate renewed = serverCertificate();
		assertThat(renewed).isNotEqualTo(server);
		assertThat(renewed.getNotAfter().toInstant()).isAfter(later.plus(Duration.ofDays(365)));
		assertThat(Files.readAllBytes(second.trustStore())).isEqualTo(trustStore);
	}

	@Test
	void anUnreadableCaMeansANewCaAndANewTrustStore() throws Exception {
		StateDirectory state = StateDirectory.open(this.directory);
		EmulatorTls first = EmulatorTls.loadOrCreate(state, this.now);
		Files.write(this.directory.resolve("ca.p12"), new byte[] { 1, 2, 3 });

		EmulatorTls second = EmulatorTls.loadOrCreate(state, this.now);

		assertThat(second.certificateAuthority()).isNotEqualTo(first.certificateAuthority());
		trustManager(second).checkServerTrusted(
				new X509Certificate[] { serverCertificate(), second.certificateAuthority() }, "ECDHE_ECDSA");
	}

	private X509Certificate serverCertificate() throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		char[] password = Files.readString(this.directory.resolve("tls.password")).strip().toCharArray();
		try (var in = Files.newInputStream(this.directory.resolve("server.p12"))) {
			store.load(in, password);
		}
		return (X509Certificate) store.getCertificate(store.aliases().nextElement());
	}

	private static X509TrustManager trustManager(EmulatorTls tls) throws Exception {
		KeyStore store = KeyStore.getInstance(EmulatorTls.TRUST_STORE_TYPE);
		try (var in = Files.newInputStream(tls.trustStore())) {
			store.load(in, tls.trustStorePassword().toCharArray());
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
		factory.init(store);
		return (X509TrustManager) factory.getTrustManagers()[0];
	}

}
