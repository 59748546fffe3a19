package io.dpsbatch.dps;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.dpsbatch.keys.DeviceKey;
import io.dpsbatch.keys.SasToken;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.core5.http.ContentType;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Signs and sends DPS requests over the run's connections ({@link DpsTransport}:
 * HTTP/1.1, connections kept alive), at most {@code dps.max-connections} at once
 * ({@link RequestLimiter}). Nothing here waits: the request is built on a worker thread,
 * queued for a slot and sent by the client's I/O reactor, and its answer handed back to a
 * worker.
 */
final class DpsHttp implements AutoCloseable {

	private static final ContentType JSON = ContentType.APPLICATION_JSON.withCharset(UTF_8);

	private final DpsTransport transport;

	private final Executor worker;

	private final RequestLimiter limiter;

	private final Duration sasTokenTtl;

	private final String userAgent;

	private final Clock clock;

	/**
	 * @param transport the run's connections, closed with this
	 */
	DpsHttp(DpsTransport transport, Executor worker, DpsProperties properties, String userAgent, Clock clock) {
		this.transport = transport;
		this.worker = worker;
		this.limiter = new RequestLimiter(properties.maxConnections());
		this.sasTokenTtl = properties.sasTokenTtl();
		this.userAgent = userAgent;
		this.clock = clock;
	}

	/**
	 * Sends the request signed for {@code registrationId} with {@code deviceKey}. The
	 * future fails with the transport's exception (connection, TLS, timeout); any HTTP
	 * status is a reply. It completes on a worker thread.
	 */
	CompletableFuture<DpsReply> send(DpsRequest request, String registrationId, DeviceKey deviceKey) {
		// hop to a worker first: whoever triggered the call (a caller of provision, the
		// scheduler) never does the signing itself
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
		CompletableFuture<DpsReply> sent = this.transport.send(httpRequest);
		sent.whenComplete((answer, failure) -> {
			if (sent.isCancelled()) {
				reply.cancel(false);
			}
			else if (failure != null) {
				onWorker(() -> reply.completeExceptionally(failure), reply);
			}
			else {
				onWorker(() -> reply.complete(answer), reply);
			}
		});
		reply.whenComplete((answer, failure) -> {
			if (reply.isCancelled()) {
				sent.cancel(false);
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

	@Override
	public void close() {
		this.transport.close();
	}

}
