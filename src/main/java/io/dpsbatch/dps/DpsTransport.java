package io.dpsbatch.dps;

import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.auth.AuthCache;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;

import static java.nio.charset.StandardCharsets.UTF_8;

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
		Future<SimpleHttpResponse> inProgress = this.client.execute(SimpleRequestProducer.create(request),
				SimpleResponseConsumer.create(), context, new FutureCallback<>() {

					@Override
					public void completed(SimpleHttpResponse response) {
						reply.complete(toReply(response));
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
		// cancelling the answer (the run closes) gives up the exchange too
		reply.whenComplete((answer, failure) -> {
			if (reply.isCancelled()) {
				inProgress.cancel(true);
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

	/**
	 * DPS's answer as the DPS client reads it: headers looked up regardless of case, a
	 * body as text.
	 */
	static DpsReply toReply(SimpleHttpResponse response) {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (Header header : response.getHeaders()) {
			headers.computeIfAbsent(header.getName(), (name) -> new ArrayList<>(1)).add(header.getValue());
		}
		byte[] body = response.getBodyBytes();
		ContentType type = response.getContentType();
		Charset charset = (type != null && type.getCharset() != null) ? type.getCharset() : UTF_8;
		return new DpsReply(response.getCode(), HttpHeaders.of(headers, (name, value) -> true),
				(body != null) ? new String(body, charset) : "");
	}

	/**
	 * Closes the connections and stops the reactor: gracefully first, so that the reactor
	 * thread closes its own selector (an immediate close from another thread can close it
	 * under the reactor's feet, and httpcore5 then logs a ClosedSelectorException), but
	 * for half a second at most, so that a server that never answers the TLS close does
	 * not hold up the end of a run.
	 */
	@Override
	public void close() {
		this.client.initiateShutdown();
		try {
			this.client.awaitShutdown(TimeValue.ofMilliseconds(500));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.client.close(CloseMode.IMMEDIATE);
	}

}
