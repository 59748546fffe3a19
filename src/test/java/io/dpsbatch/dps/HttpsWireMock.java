package io.dpsbatch.dps;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * WireMock over HTTPS only, on a free port of 127.0.0.1, presenting a {@link TestTls}
 * certificate.
 */
public final class HttpsWireMock {

	private HttpsWireMock() {
	}

	public static WireMockServer start(TestTls tls) {
		WireMockServer server = new WireMockServer(options(tls));
		server.start();
		return server;
	}

	static WireMockConfiguration options(TestTls tls) {
		return wireMockConfig().bindAddress("127.0.0.1")
			.dynamicHttpsPort()
			.httpDisabled(true)
			.keystorePath(tls.keyStore().toString())
			.keystorePassword(tls.password())
			.keyManagerPassword(tls.password())
			.keystoreType("PKCS12");
	}

}
