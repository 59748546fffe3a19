package io.dpsbatch.dps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;

/**
 * A scripted DPS for a test class: WireMock over HTTPS only on 127.0.0.1, with a
 * certificate for {@code localhost} and {@code 127.0.0.1} that the client trusts through
 * {@link #trustStore()}. Registered as a static {@code @RegisterExtension} field, it
 * starts before the class's first test, forgets its stubs and requests before each test
 * (WireMock's own extension does both) and is stopped, and its key material deleted,
 * after the last.
 */
final class WireMockDps extends WireMockExtension {

	private final Path directory;

	private final TestTls tls;

	private WireMockDps(Path directory, TestTls tls) {
		super(WireMockExtension.newInstance().options(HttpsWireMock.options(tls)));
		this.directory = directory;
		this.tls = tls;
	}

	static WireMockDps withLocalhostCertificate() {
		try {
			Path directory = Files.createTempDirectory("wiremock-dps-");
			return new WireMockDps(directory, TestTls.localhost(directory));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The trust store that trusts this server's certificate (PKCS12,
	 * {@link TestTls#password()}).
	 */
	Path trustStore() {
		return this.tls.trustStore();
	}

	/** The server's base URL, with a trailing '/' as an operator might write it. */
	URI endpoint() {
		return URI.create("https://127.0.0.1:" + getHttpsPort() + "/");
	}

	@Override
	protected void onAfterAll(WireMockRuntimeInfo wireMockRuntimeInfo) {
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
