package io.dpsbatch.dps;

import java.util.concurrent.CompletableFuture;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.auth.AuthCache;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;

/**
 * The HTTPS connections of the device client ({@link DpsConnections}: TLS trust of
 * {@code dps.trust-store}, {@code dps.proxy}, {@code dps.request-timeout}, at most
 * {@code dps.max-connections}, no retries of its own) for other clients of DPS, so that
 * every client of a run trusts, tunnels and times out alike. It sends what it is given
 * and decides nothing: signing, pacing and retries are the caller's.
 */
public final class DpsTransport implements AutoCloseable {

	private final CloseableHttpAsyncClient client;

	private final AuthCache proxyCredentials;

	private DpsTransport(CloseableHttpAsyncClient client, AuthCache proxyCredentials) {
		this.client = client;
		this.proxyCredentials = proxyCredentials;
	}

	/**
	 * A started transport; its owner closes it.
	 * @throws DpsConfigurationException when the trust store or proxy cannot work
	 */
	public static DpsTransport open(DpsProperties properties) {
		DpsProxy proxy = DpsProxy.resolve(properties.proxy(), System.getenv());
		return new DpsTransport(DpsConnections.start(properties, proxy), proxy.credentials().orElse(null));
	}

	/**
	 * Sends one request. The future fails with the transport's exception (connection,
	 * TLS, timeout; see {@link #mayHaveArrived}); any HTTP status is a reply. It may
	 * complete on the I/O thread: callers hop off it before doing anything long.
	 */
	public CompletableFuture<DpsReply> send(SimpleHttpRequest request) {
		CompletableFuture<DpsReply> reply = new CompletableFuture<>();
		HttpClientContext context = HttpClientContext.create();
		if (this.proxyCredentials != null) {
			context.setAuthCache(this.proxyCredentials);
		}
		this.client.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(), context,
				new FutureCallback<SimpleHttpResponse>() {

					@Override
					public void completed(SimpleHttpResponse response) {
						reply.complete(DpsHttp.toReply(response));
					}

					@Override
					public void failed(Exception failure) {
						reply.completeExceptionally(failure);
					}

					@Override
					public void cancelled() {
						reply.cancel(false);
					}

				});
		return reply;
	}

	/**
	 * Whether a request that failed with {@code failure} may have reached DPS (a timeout
	 * waiting for the answer, a connection broken after sending), as opposed to one that
	 * certainly did not (no connection, TLS refused).
	 */
	public static boolean mayHaveArrived(Throwable failure) {
		return TransportFailure.classify(failure).mayHaveArrived();
	}

	/**
	 * Whether the failure can never pass by retrying: the TLS handshake failed.
	 */
	public static boolean isPermanent(Throwable failure) {
		return TransportFailure.classify(failure).kind() == TransportFailure.Kind.TLS;
	}

	/** A short description of a transport failure, for messages. */
	public static String describe(Throwable failure) {
		return TransportFailure.classify(failure).description();
	}

	@Override
	public void close() {
		DpsHttp.shutDown(this.client);
	}

}
