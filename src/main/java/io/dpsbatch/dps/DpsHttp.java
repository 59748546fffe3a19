package io.dpsbatch.dps;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.dpsbatch.keys.DeviceKey;
import io.dpsbatch.keys.SasToken;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Signs and sends DPS requests over one shared {@link HttpClient} (HTTP/1.1, connections kept alive),
 * at most {@code dps.max-connections} at once ({@link RequestLimiter}). Nothing here waits: the request
 * is built on a worker thread, queued for a slot and sent with {@code sendAsync}.
 */
final class DpsHttp {

	private final HttpClient client;

	private final Executor worker;

	private final RequestLimiter limiter;

	private final Duration requestTimeout;

	private final Duration sasTokenTtl;

	private final String userAgent;

	private final String proxyAuthorization;

	private final Clock clock;

	/**
	 * @param proxyAuthorization the {@code Proxy-Authorization} header for the proxy's tunnel, or {@code null}
	 */
	DpsHttp(HttpClient client, Executor worker, DpsProperties properties, String userAgent, String proxyAuthorization,
			Clock clock) {
		this.client = client;
		this.worker = worker;
		this.limiter = new RequestLimiter(properties.maxConnections());
		this.requestTimeout = properties.requestTimeout();
		this.sasTokenTtl = properties.sasTokenTtl();
		this.userAgent = userAgent;
		this.proxyAuthorization = proxyAuthorization;
		this.clock = clock;
	}

	/**
	 * Sends the request signed for {@code registrationId} with {@code deviceKey}. The future fails with
	 * the transport's exception (connection, TLS, timeout); any HTTP status is a reply.
	 */
	CompletableFuture<DpsReply> send(DpsRequest request, String registrationId, DeviceKey deviceKey) {
		CompletableFuture<DpsReply> reply = new CompletableFuture<>();
		// hop to a worker first: whoever triggered the call (a caller of provision, the scheduler) never
		// does the signing or the connection set-up itself
		CompletableFuture.supplyAsync(() -> build(request, registrationId, deviceKey), this.worker)
			.thenCompose((httpRequest) -> this.limiter.submit(
					() -> this.client.sendAsync(httpRequest, BodyHandlers.ofString(UTF_8)),
					request.call() == DpsCall.POLL))
			// and back to a worker: sendAsync completes in the JDK's common pool (a new thread per response on
			// small machines), and an exceptional completion would otherwise skip an async hop
			.whenCompleteAsync((response, failure) -> {
				if (failure != null) {
					reply.completeExceptionally(failure);
				}
				else {
					reply.complete(new DpsReply(response.statusCode(), response.headers(), response.body()));
				}
			}, this.worker);
		return reply;
	}

	private HttpRequest build(DpsRequest request, String registrationId, DeviceKey deviceKey) {
		// a new token for every request, so that a long registration never sends an expired one
		SasToken token = SasToken.create(request.idScope(), registrationId, deviceKey,
				this.clock.instant().plus(this.sasTokenTtl));
		HttpRequest.BodyPublisher body = (request.body() != null)
				? BodyPublishers.ofString(request.body(), UTF_8) : BodyPublishers.noBody();
		HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
			.method(request.call().method(), body)
			.timeout(this.requestTimeout)
			.header("Authorization", token.headerValue())
			.header("Content-Type", "application/json; charset=utf-8")
			.header("Accept", "application/json")
			.header("User-Agent", this.userAgent);
		if (this.proxyAuthorization != null) {
			builder.header("Proxy-Authorization", this.proxyAuthorization);
		}
		return builder.build();
	}

}
