package io.dpsbatch.dps;

import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import io.dpsbatch.keys.DeviceKey;
import io.dpsbatch.keys.SasToken;
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
 * Signs and sends DPS requests over one shared client ({@link DpsConnections}: HTTP/1.1,
 * connections kept alive), at most {@code dps.max-connections} at once
 * ({@link RequestLimiter}). Nothing here waits: the request is built on a worker thread,
 * queued for a slot and sent by the client's I/O reactor, and its answer handed back to a
 * worker.
 */
final class DpsHttp implements AutoCloseable {

	private static final ContentType JSON = ContentType.APPLICATION_JSON.withCharset(UTF_8);

	private final CloseableHttpAsyncClient client;

	private final Executor worker;

	private final RequestLimiter limiter;

	private final Duration sasTokenTtl;

	private final String userAgent;

	private final AuthCache proxyCredentials;

	private final Clock clock;

	/**
	 * @param client a started client, closed with this
	 * @param proxyCredentials the proxy's credentials for its tunnels
	 * ({@link DpsProxy#credentials}), or {@code null}
	 */
	DpsHttp(CloseableHttpAsyncClient client, Executor worker, DpsProperties properties, String userAgent,
			AuthCache proxyCredentials, Clock clock) {
		this.client = client;
		this.worker = worker;
		this.limiter = new RequestLimiter(properties.maxConnections());
		this.sasTokenTtl = properties.sasTokenTtl();
		this.userAgent = userAgent;
		this.proxyCredentials = proxyCredentials;
		this.clock = clock;
	}

	/**
	 * Sends the request signed for {@code registrationId} with {@code deviceKey}. The
	 * future fails with the transport's exception (connection, TLS, timeout); any HTTP
	 * status is a reply. It completes on a worker thread.
	 */
	CompletableFuture<DpsReply> send(DpsRequest request, String registrationId, DeviceKey deviceKey) {
		// hop to a worker first: whoever triggered the call (a caller of provision, the
		// scheduler) never
		// does the signing itself
		return CompletableFuture.supplyAsync(() -> build(request, registrationId, deviceKey), this.worker)
			.thenCompose(
					(httpRequest) -> this.limiter.submit(() -> exchange(httpRequest), request.call() == DpsCall.POLL));
	}

	/**
	 * Starts one exchange. Its future completes on a worker, never on the reactor thread:
	 * the reactor goes on to return the connection to the pool (which it does after the
	 * answer is delivered) while the worker frees the limiter's slot, starts the next
	 * request and reads the answer.
	 */
	private CompletableFuture<DpsReply> exchange(SimpleHttpRequest httpRequest) {
		CompletableFuture<DpsReply> reply = new CompletableFuture<>();
		HttpClientContext context = HttpClientContext.create();
		if (this.proxyCredentials != null) {
			context.setAuthCache(this.proxyCredentials);
		}
		Future<SimpleHttpResponse> inProgress = this.client.execute(SimpleRequestProducer.create(httpRequest),
				SimpleResponseConsumer.create(), context, new FutureCallback<>() {

					@Override
					public void completed(SimpleHttpResponse response) {
						onWorker(() -> reply.complete(toReply(response)), reply);
					}

					@Override
					public void failed(Exception failure) {
						onWorker(() -> reply.completeExceptionally(failure), reply);
					}

					@Override
					public void cancelled() {
						reply.cancel(false);
					}

				});
		reply.whenComplete((answer, failure) -> {
			if (reply.isCancelled()) {
				inProgress.cancel(true);
			}
		});
		return reply;
	}

	private void onWorker(Runnable step, CompletableFuture<DpsReply> reply) {
		try {
			this.worker.execute(step);
		}
		catch (RejectedExecutionException ex) { // closed meanwhile
			reply.cancel(false);
		}
	}

	private SimpleHttpRequest build(DpsRequest request, String registrationId, DeviceKey deviceKey) {
		// a new token for every request, so that a long registration never sends an
		// expired one
		SasToken token = SasToken.create(request.idScope(), registrationId, deviceKey,
				this.clock.instant().plus(this.sasTokenTtl));
		SimpleHttpRequest httpRequest = SimpleHttpRequest.create(request.call().method(), request.uri());
		httpRequest.addHeader("Authorization", token.headerValue());
		httpRequest.addHeader("Content-Type", JSON.toString());
		httpRequest.addHeader("Accept", "application/json");
		httpRequest.addHeader("User-Agent", this.userAgent);
		if (request.body() != null) {
			httpRequest.setBody(request.body().getBytes(UTF_8), JSON);
		}
		return httpRequest;
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
		shutDown(this.client);
	}

	static void shutDown(CloseableHttpAsyncClient client) {
		client.initiateShutdown();
		try {
			client.awaitShutdown(TimeValue.ofMilliseconds(500));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		client.close(CloseMode.IMMEDIATE);
	}

}
