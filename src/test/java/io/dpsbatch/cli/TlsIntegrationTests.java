package io.dpsbatch.cli;

import java.nio.file.Path;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dpsbatch.dps.HttpsWireMock;
import io.dpsbatch.dps.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole run against a server whose certificate is trusted (it is in
 * {@code dps.trust-store}) but names another host: refused before any request, because
 * host names are always verified. (An untrusted certificate:
 * {@link ProvisionCommandIntegrationTests}.)
 */
class TlsIntegrationTests {

	@TempDir
	Path work;

	private WireMockServer server;

	private TestTls tls;

	@BeforeEach
	void startServer() {
		this.tls = TestTls.create(this.work, "elsewhere", "dns:dps.elsewhere.example");
		this.server = HttpsWireMock.start(this.tls);
	}

	@AfterEach
	void stopServer() {
		this.server.stop();
	}

	@Test
	void aTrustedCertificateForAnotherHostNameIsRefusedBeforeAnyRequest() {
		CliRunner cli = new CliRunner(this.work)
			.with("--dps.global-endpoint=https://127.0.0.1:" + this.server.httpsPort())
			.with("--dps.id-scope=0ne00000A0A")
			.with("--dps.group-key=AAECAwQFBgcICQoLDA0ODw==")
			.with("--dps.trust-store=" + this.tls.trustStore())
			.with("--dps.trust-store-password=" + this.tls.password());

		CliRunner.Result result = cli.run("provision", "--manifest", "sample-data/devices.csv");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(result.err()).contains("TLS handshake with 127.0.0.1:" + this.server.httpsPort()
				+ " failed: the server certificate is not valid for this host name");
		assertThat(this.server.getAllServeEvents()).as("no request got through").isEmpty();
	}

}
