package io.dpsbatch.dps;

import java.time.Duration;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTPS connections of the DPS client: Apache HttpClient 5 async (HTTP/1.1,
 * keep-alive), chosen over the JDK's client because one DPS request costs it less than
 * half the CPU (docs/performance.md#the-http-client), with
 * <ul>
 * <li>a pool of at most {@code dps.max-connections} connections, the bound
 * {@link RequestLimiter} also keeps on the requests in progress: the limiter decides the
 * order (polls first, FIFO) and the pace of opening (slow start), the pool is the hard
 * cap should a connection be released a moment after its answer;</li>
 * <li>TLS 1.3 or 1.2 only, the trust of {@link DpsTls}, and host names verified by the
 * JDK's HTTPS endpoint identification during the handshake (so a wrong name fails the
 * handshake and is reported as a TLS failure);</li>
 * <li>no retries, redirects, cookies or compression of its own: the DPS client decides
 * every retry (a 429 or 503 resent behind its back would escape the pacing), and DPS's
 * answers are a few hundred bytes;</li>
 * <li>{@code dps.request-timeout} as the connect, TLS handshake and response time limits,
 * and the proxy of {@link DpsProxy};</li>
 * <li>one I/O reactor thread per two cores, at most two: a reactor thread only moves
 * bytes and runs TLS, the signing, JSON and bookkeeping run on the DPS client's worker
 * threads.</li>
 * </ul>
 */
final class DpsConnections {

	private DpsConnections() {
	}

	/** A started client; its owner closes it. */
	static CloseableHttpAsyncClient start(DpsProperties properties, DpsProxy proxy) {
		Timeout timeLimit = Timeout.of(properties.requestTimeout());
		HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
			.setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
				.setTlsStrategy(ClientTlsStrategyBuilder.create()
					.setSslContext(DpsTls.sslContext(properties))
					.setTlsVersions(DpsTls.PROTOCOLS.clone())
					.setHostVerificationPolicy(HostnameVerificationPolicy.BUILTIN)
					.buildAsync())
				.setDefaultTlsConfig(TlsConfig.custom()
					.setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
					.setHandshakeTimeout(timeLimit)
					.build())
				.setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeLimit).build())
				.setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
				.setMaxConnTotal(properties.maxConnections())
				.setMaxConnPerRoute(properties.maxConnections())
				.build())
			.setIOReactorConfig(IOReactorConfig.custom()
				.setIoThreadCount(ioThreads(Runtime.getRuntime().availableProcessors()))
				.setSelectInterval(selectInterval(properties.requestTimeout()))
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setResponseTimeout(timeLimit)
				// never reached in practice: the limiter starts no more requests than the
				// pool has connections
				.setConnectionRequestTimeout(timeLimit)
				.build())
			.setThreadFactory(DpsRegistrar.daemonThreads("dps-io-"))
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.disableContentCompression()
			.disableConnectionState()
			.disableRequestPriority();
		proxy.configure(builder);
		CloseableHttpAsyncClient client = builder.build();
		client.start();
		return client;
	}

	static int ioThreads(int cores) {
		return Math.max(1, Math.min(2, cores / 2));
	}

	/**
	 * How often the reactor checks the time limits: a tenth of the request timeout (at
	 * least 10 ms, at most the reactor's usual second), so that a limit is kept to within
	 * a tenth of itself.
	 */
	static TimeValue selectInterval(Duration requestTimeout) {
		long tenth = requestTimeout.toMillis() / 10;
		return TimeValue.ofMilliseconds(Math.max(10, Math.min(1000, tenth)));
	}

}
