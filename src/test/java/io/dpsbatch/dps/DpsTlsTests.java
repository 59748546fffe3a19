package io.dpsbatch.dps;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Trust is the JVM's plus the configured trust store, and host names are always verified.
 */
class DpsTlsTests {

	@TempDir
	static Path tempDir;

	private static TestTls localhost;

	private static TestTls otherHost;

	private static WireMockServer localhostServer;

	private static WireMockServer otherHostServer;

	@BeforeAll
	static void startServers() {
		localhost = TestTls.localhost(tempDir);
		otherHost = TestTls.create(tempDir, "other", "dns:dps.example.test");
		localhostServer = HttpsWireMock.start(localhost);
		otherHostServer = HttpsWireMock.start(otherHost);
		for (WireMockServer server : List.of(localhostServer, otherHostServer)) {
			server.stubFor(put(urlPathMatching(".*/register")).willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"operationId\":\"op\",\"status\":\"assigned\",\"registrationState\":"
						+ "{\"status\":\"assigned\",\"assignedHub\":\"h\",\"deviceId\":\"d\"}}")));
		}
	}

	@AfterAll
	static void stopServers() {
		localhostServer.stop();
		otherHostServer.stop();
	}

	@Test
	void trustsTheJvmDefaultsAndTheConfiguredStoreTogether() throws Exception {
		X509ExtendedTrustManager jvm = trustManager(null);
		X509ExtendedTrustManager configured = trustManager(load(localhost.trustStore()));
		X509Certificate server = (X509Certificate) load(localhost.keyStore()).getCertificate("server");
		DpsTls.EitherTrustManager either = new DpsTls.EitherTrustManager(List.of(jvm, configured));

		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> jvm.checkServerTrusted(new X509Certificate[] { server }, "ECDHE_ECDSA"));
		either.checkServerTrusted(new X509Certificate[] { server }, "ECDHE_ECDSA");
		assertThat(either.getAcceptedIssuers()).contains(server).contains(jvm.getAcceptedIssuers());
	}

	@Test
	void refusesAChainNoDelegateTrusts() throws Exception {
		X509Certificate stranger = (X509Certificate) load(otherHost.keyStore()).getCertificate("server");
		DpsTls.EitherTrustManager either = new DpsTls.EitherTrustManager(
				List.of(trustManager(null), trustManager(load(localhost.trustStore()))));

		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> either.checkServerTrusted(new X509Certificate[] { stranger }, "ECDHE_ECDSA"));
	}

	@Test
	void offersOnlyTls13AndTls12() {
		assertThat(DpsTls.PROTOCOLS).containsExactly("TLSv1.3", "TLSv1.2");
	}

	@Test
	void theClientOffersNothingOlderThanTls12() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<byte[]> hello = CompletableFuture.supplyAsync(() -> {
				try (Socket connection = server.accept()) {
					DataInputStream in = new DataInputStream(connection.getInputStream());
					byte[] header = in.readNBytes(5);
					byte[] body = in.readNBytes(((header[3] & 0xFF) << 8) | (header[4] & 0xFF));
					assertThat(header[0]).as("a TLS handshake record").isEqualTo((byte) 22);
					return body;
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			URI endpoint = URI.create("https://127.0.0.1:" + server.getLocalPort());
			try (DpsRegistrar registrar = registrar(endpoint, localhost.trustStore())) {
				registrar.provision(new DeviceToRegister("d", null, false));
				ClientHello clientHello = ClientHello.parse(hello.get(10, TimeUnit.SECONDS));

				assertThat(clientHello.legacyVersion()).isEqualTo(0x0303);
				assertThat(clientHello.supportedVersions()).containsExactlyInAnyOrder(0x0304, 0x0303);
			}
		}
	}

	/** The versions a TLS ClientHello offers (RFC 8446 4.1.2 and 4.2.1). */
	private record ClientHello(int legacyVersion, List<Integer> supportedVersions) {

		static ClientHello parse(byte[] handshake) {
			ByteBuffer in = ByteBuffer.wrap(handshake);
			assertThat(in.get()).as("a ClientHello").isEqualTo((byte) 1);
			in.position(in.position() + 3); // handshake length
			int legacyVersion = in.getShort() & 0xFFFF;
			in.position(in.position() + 32); // random
			skip(in, in.get() & 0xFF); // session id
			skip(in, in.getShort() & 0xFFFF); // cipher suites
			skip(in, in.get() & 0xFF); // compression methods
			int extensionsLength = in.getShort() & 0xFFFF;
			int extensionsEnd = in.position() + extensionsLength;
			List<Integer> versions = new ArrayList<>();
			while (in.position() < extensionsEnd) {
				int type = in.getShort() & 0xFFFF;
				int length = in.getShort() & 0xFFFF;
				int next = in.position() + length;
				if (type == 0x002b) { // supported_versions
					int count = (in.get() & 0xFF) / 2;
					for (int i = 0; i < count; i++) {
						versions.add(in.getShort() & 0xFFFF);
					}
				}
				in.position(next);
			}
			return new ClientHello(legacyVersion, versions);
		}

		private static void skip(ByteBuffer in, int length) {
			in.position(in.position() + length);
		}

	}

	@Test
	void connectsByHostNameWhenTheCertificateNamesIt() throws Exception {
		URI endpoint = URI.create("https://localhost:" + localhostServer.httpsPort());

		try (DpsRegistrar registrar = registrar(endpoint, localhost.trustStore())) {
			RegistrationOutcome outcome = registrar.provision(new DeviceToRegister("d", null, false))
				.get(10, TimeUnit.SECONDS);

			assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		}
	}

	@Test
	void aTrustedCertificateForAnotherHostIsRefused() {
		URI endpoint = URI.create("https://127.0.0.1:" + otherHostServer.httpsPort());

		try (DpsRegistrar registrar = registrar(endpoint, otherHost.trustStore())) {
			assertThatThrownBy(
					() -> registrar.provision(new DeviceToRegister("d", null, false)).get(10, TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(DpsUnavailableException.class)
				.hasMessageStartingWith("TLS handshake with 127.0.0.1:" + otherHostServer.httpsPort()
						+ " failed: the server certificate is not valid for this host name");
		}
		assertThat(otherHostServer.getAllServeEvents()).isEmpty();
	}

	private static DpsRegistrar registrar(URI endpoint, Path trustStore) {
		return DpsFixtures.registrar(DpsFixtures.properties(endpoint, trustStore).build(), DpsFixtures.primaryOnly(),
				DpsFixtures.FAST, Clock.systemUTC());
	}

	private static KeyStore load(Path path) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(path)) {
			store.load(in, TestTls.PASSWORD.toCharArray());
		}
		return store;
	}

	private static X509ExtendedTrustManager trustManager(KeyStore store) throws Exception {
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(store);
		return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
	}

}
