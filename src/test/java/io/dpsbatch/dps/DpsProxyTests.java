package io.dpsbatch.dps;

import java.util.Map;

import org.apache.hc.client5.http.auth.AuthCache;
import org.apache.hc.client5.http.auth.AuthScheme;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DpsProxyTests {

	@Test
	void withNothingConfiguredConnectionsAreDirect() {
		DpsProxy proxy = DpsProxy.resolve(null, Map.of());
		assertThat(proxy.isUsed()).isFalse();
		assertThat(proxy.appliesTo("global.azure-devices-provisioning.net")).isFalse();
	}

	@Test
	void theConfiguredProxyWinsOverTheEnvironment() {
		DpsProxy proxy = DpsProxy.resolve("http://proxy.line3.example:3128",
				Map.of("HTTPS_PROXY", "http://other.example:8080"));
		assertThat(proxy).hasToString("http://proxy.line3.example:3128 (from dps.proxy)");
		assertThat(proxy.appliesTo("global.azure-devices-provisioning.net")).isTrue();
	}

	@Test
	void directIgnoresTheEnvironment() {
		assertThat(DpsProxy.resolve("DIRECT", Map.of("HTTPS_PROXY", "http://other.example:8080")).isUsed()).isFalse();
	}

	@Test
	void theEnvironmentFollowsTheCurlConventionWithNoProxyExceptions() {
		DpsProxy proxy = DpsProxy.resolve(null,
				Map.of("https_proxy", "proxy.example:3128", "NO_PROXY", "localhost, .factory.internal,10.1.2.3,*.lab"));
		assertThat(proxy).hasToString("http://proxy.example:3128 (from HTTPS_PROXY)");
		assertThat(proxy.appliesTo("global.azure-devices-provisioning.net")).isTrue();
		assertThat(proxy.appliesTo("localhost")).isFalse();
		assertThat(proxy.appliesTo("dps.factory.internal")).isFalse();
		assertThat(proxy.appliesTo("factory.internal")).isFalse();
		assertThat(proxy.appliesTo("notfactory.internal")).isTrue();
		assertThat(proxy.appliesTo("10.1.2.3")).isFalse();
		assertThat(proxy.appliesTo("dps.lab")).isFalse();
	}

	@Test
	void aStarInNoProxyMeansNoProxyAtAll() {
		assertThat(DpsProxy.resolve(null, Map.of("HTTPS_PROXY", "http://p.example:1", "no_proxy", "*"))
			.appliesTo("global.azure-devices-provisioning.net")).isFalse();
	}

	@Test
	void unusableAddressesAreConfigurationErrorsThatNeverShowThePassword() {
		assertThatExceptionOfType(DpsConfigurationException.class)
			.isThrownBy(() -> DpsProxy.resolve("http://operator:s3cret@proxy.example", Map.of()))
			.withMessageContaining("needs a host and a port")
			.withMessageNotContaining("s3cret");
		assertThatExceptionOfType(DpsConfigurationException.class)
			.isThrownBy(() -> DpsProxy.resolve("socks5://proxy.example:1080", Map.of()))
			.withMessageContaining("must be an http:// proxy");
		assertThatExceptionOfType(DpsConfigurationException.class)
			.isThrownBy(() -> DpsProxy.resolve(null, Map.of("HTTPS_PROXY", "http://bad host:80")))
			.withMessageContaining("HTTPS_PROXY");
	}

	@Test
	void descriptionsHideCredentials() {
		assertThat(DpsProxy.describe("http://operator:s3cret@proxy.example:3128"))
			.isEqualTo("http://[credentials hidden]@proxy.example:3128");
		assertThat(DpsProxy.describe("http://proxy.example:3128")).isEqualTo("http://proxy.example:3128");
	}

	@Test
	void tunnelsToTheProxyOfferItsCredentialsAndNoOtherHostGetsThem() throws Exception {
		DpsProxy proxy = DpsProxy.resolve("http://line3:p%40ss:word@proxy.example:3128", Map.of());
		AuthCache credentials = proxy.credentials().orElseThrow();
		HttpHost proxyHost = new HttpHost("http", "proxy.example", 3128);

		AuthScheme scheme = credentials.get(proxyHost);
		// as the client does after a 407: the next tunnel offers them again
		credentials.remove(proxyHost);

		assertThat(scheme).isInstanceOf(BasicScheme.class);
		assertThat(scheme.generateAuthResponse(proxyHost, new BasicHttpRequest("CONNECT", "/"),
				HttpClientContext.create()))
			.isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("line3:p@ss:word".getBytes()));
		assertThat(credentials.get(proxyHost)).isNotNull();
		assertThat(credentials.get(new HttpHost("https", "global.azure-devices-provisioning.net", 443))).isNull();
		assertThat(credentials.get(new HttpHost("http", "proxy.example", 8080))).isNull();
		assertThat(credentials.toString()).doesNotContain("p@ss").doesNotContain("line3");
	}

	@Test
	void noCredentialsWithoutAUser() {
		assertThat(DpsProxy.resolve("http://proxy.example:3128", Map.of()).credentials()).isEmpty();
		assertThat(DpsProxy.resolve(null, Map.of()).credentials()).isEmpty();
	}

	@Test
	void theCredentialsDoNotDependOnWhichEndpointsTheProxyHandles() {
		// the default endpoint sent direct by NO_PROXY, another enrollment's endpoint
		// through the proxy: its tunnels still get the credentials, and the direct
		// connections never see them
		DpsProxy proxy = DpsProxy.resolve(null,
				Map.of("HTTPS_PROXY", "http://u:p@proxy.example:3128", "NO_PROXY", "dps.factory.internal"));
		AuthCache credentials = proxy.credentials().orElseThrow();

		assertThat(proxy.appliesTo("dps.factory.internal")).isFalse();
		assertThat(credentials.get(new HttpHost("http", "proxy.example", 3128))).isInstanceOf(BasicScheme.class);
		assertThat(credentials.get(new HttpHost("https", "dps.factory.internal", 443))).isNull();
	}

}
