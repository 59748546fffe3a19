package io.dpsbatch.dps;

import java.net.URI;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** WireMock over HTTPS only, on a free port of 127.0.0.1, presenting a {@link TestTls} certificate. */
public final class HttpsWireMock {

	private HttpsWireMock() {
	}

	public static WireMockServer start(TestTls tls) {
		WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1")
			.dynamicHttpsPort()
			.httpDisabled(true)
			.keystorePath(tls.keyStore().toString())
			.keystorePassword(tls.password())
			.keyManagerPassword(tls.password())
			.keystoreType("PKCS12"));
		server.start();
		return server;
	}

	/** The server's base URL, with a trailing '/' as an operator might write it. */
	static URI endpoint(WireMockServer server) {
		return URI.create("https://127.0.0.1:" + server.httpsPort() + "/");
	}

}
