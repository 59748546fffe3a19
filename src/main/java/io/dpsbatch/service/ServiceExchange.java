package io.dpsbatch.service;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import io.dpsbatch.dps.Backoff;
import io.dpsbatch.dps.DpsReply;
import io.dpsbatch.dps.DpsTransport;
import io.dpsbatch.dps.RetryAfter;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.core5.http.ContentType;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Sends one service API call: paced, signed, and retried by the rule of
 * {@link ServiceApiException#outcomeUnknown()}, at most {@code dps.max-attempts} times in
 * all (429s included: service calls have no time limit that would end them otherwise).
 * <ul>
 * <li>429: DPS did not take the call. The pace of the instance is lowered and the call
 * sent again after the backoff, at least the {@code Retry-After} if DPS sent one.</li>
 * <li>No connection (refused, unknown host): nothing was sent; sent again after the
 * backoff. A TLS failure is final.</li>
 * <li>Answer lost (broken connection, timeout) or a 5xx: a call that changes nothing, or
 * whose repeat leaves DPS as one send would ({@link ServiceRequest#repeatable()}), is
 * sent again after the backoff; any other fails at once with
 * {@link ServiceApiException#outcomeUnknown()}.</li>
 * </ul>
 */
final class ServiceExchange {

	private static final ContentType JSON = ContentType.APPLICATION_JSON.withCharset(UTF_8);

	private final DpsTransport transport;

	private final String base;

	private final String apiVersion;

	private final ServiceTokens tokens;

	private final ServicePace pace;

	private final Backoff backoff;

	private final int maxAttempts;

	private final Sleeper sleeper;

	private final Clock clock;

	private final String userAgent;

	ServiceExchange(DpsTransport transport, URI endpoint, String apiVersion, ServiceTokens tokens, ServicePace pace,
			Backoff backoff, int maxAttempts, Sleeper sleeper, Clock clock, String userAgent) {
		this.transport = transport;
		String url = endpoint.toString();
		this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		this.apiVersion = apiVersion;
		this.tokens = tokens;
		this.pace = pace;
		this.backoff = backoff;
		this.maxAttempts = maxAttempts;
		this.sleeper = sleeper;
		this.clock = clock;
		this.userAgent = userAgent;
	}

	ServicePace pace() {
		return this.pace;
	}

	/**
	 * The answer: a 2xx, or a 404 when the request takes it as one.
	 * @throws ServiceApiException for any other answer, or none
	 */
	DpsReply send(ServiceRequest request, ServiceJson json) {
		boolean answerLost = false;
		for (int attempt = 1;; attempt++) {
			DpsReply reply;
			try {
				this.pace.acquire();
				reply = this.transport.send(build(request)).get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ServiceApiException(request.describe() + " was interrupted", 0, null, null, null,
						answerLost && request.changes(), ex);
			}
			catch (ExecutionException ex) {
				Throwable failure = ex.getCause();
				String description = DpsTransport.describe(failure);
				boolean arrived = DpsTransport.mayHaveArrived(failure);
				if (DpsTransport.isPermanent(failure)) {
					throw new ServiceApiException(
							request.describe() + " failed: " + description
									+ " (the calls go to dps.service-endpoint, by default https:// and the connection"
									+ " string's HostName)",
							0, null, null, null, answerLost && request.changes(), failure);
				}
				if (arrived && !request.repeatable()) {
					throw new ServiceApiException(
							request.describe() + ": the answer was lost (" + description
									+ "); DPS may have done it: read back before repeating it",
							0, null, null, null, true, failure);
				}
				answerLost |= arrived;
				if (attempt >= this.maxAttempts) {
					throw new ServiceApiException(
							request.describe() + " failed after " + attempt + " attempts: " + description, 0, null,
							null, null, answerLost && request.changes(), failure);
				}
				wait(request, this.backoff.delayBeforeRetry(attempt, Optional.empty()), answerLost);
				continue;
			}
			int status = reply.status();
			boolean throttled = status == 429;
			if (throttled) {
				this.pace.throttled();
			}
			if (throttled || status >= 500) {
				if (!throttled && !request.repeatable()) {
					throw failure(request, reply, json, true, "; DPS may have done it: read back before repeating it");
				}
				if (attempt >= this.maxAttempts) {
					throw failure(request, reply, json, answerLost && request.changes(),
							" after " + attempt + " attempts");
				}
				wait(request,
						this.backoff.delayBeforeRetry(attempt, RetryAfter.from(reply.headers(), this.clock.instant())),
						answerLost);
				continue;
			}
			if (reply.isSuccess() || (status == 404 && request.notFoundAnswers())) {
				return reply;
			}
			throw failure(request, reply, json, answerLost && request.changes(), "");
		}
	}

	private void wait(ServiceRequest request, Duration delay, boolean answerLost) {
		try {
			this.sleeper.sleep(delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ServiceApiException(request.describe() + " was interrupted", 0, null, null, null,
					answerLost && request.changes(), ex);
		}
	}

	private static ServiceApiException failure(ServiceRequest request, DpsReply reply, ServiceJson json,
			boolean outcomeUnknown, String addendum) {
		ServiceJson.ErrorDetails error = json.error(reply);
		StringBuilder message = new StringBuilder(request.describe()).append(" answered ").append(reply.status());
		if (error.errorCode() != null) {
			message.append(" (error code ").append(error.errorCode()).append(')');
		}
		if (error.message() != null) {
			message.append(": ").append(error.message());
		}
		message.append(addendum);
		if (reply.status() == 401 || reply.status() == 403) {
			message.append("; check dps.service-connection-string: its policy needs the permissions of the call"
					+ " (EnrollmentRead, EnrollmentWrite, RegistrationStatusRead, RegistrationStatusWrite)");
		}
		return new ServiceApiException(message.toString(), reply.status(), error.errorCode(), error.trackingId(),
				error.message(), outcomeUnknown, null);
	}

	private SimpleHttpRequest build(ServiceRequest request) {
		SimpleHttpRequest http = SimpleHttpRequest.create(request.method(),
				URI.create(this.base + request.path() + "?api-version=" + this.apiVersion));
		http.addHeader("Authorization", this.tokens.authorization());
		http.addHeader("Accept", "application/json");
		http.addHeader("User-Agent", this.userAgent);
		request.headers().forEach(http::addHeader);
		if (request.body() != null) {
			http.setBody(request.body().getBytes(UTF_8), JSON);
		}
		return http;
	}

}
