package io.dpsbatch.dps;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

import io.dpsbatch.text.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's requests to DPS, their answers and their retries: a request goes out, and
 * a readable answer goes back to the step of {@link DeviceProvisioning} that sent it;
 * everything else is dealt with here, as {@link RetryPolicy} decides: tried again, or the
 * registration ends. Also where DPS's answers reach the run: register answers the
 * {@link Pacer}, 2xx and 401s the {@link KeyVerdicts}.
 */
final class DeviceRequests {

	private static final Logger logger = LoggerFactory.getLogger(DeviceRequests.class);

	private final RegistrarContext context;

	private final DeviceState device;

	private final RegistrationTimeLimit timeLimit;

	DeviceRequests(RegistrarContext context, DeviceState device, RegistrationTimeLimit timeLimit) {
		this.context = context;
		this.device = device;
		this.timeLimit = timeLimit;
	}

	/**
	 * Sends a request and hands a readable answer to {@code onAnswer}; retries through
	 * {@code again} (given the next attempt number), or ends the registration.
	 * @param read turns a 2xx reply (or a lookup's 404) into the answer; empty when the
	 * body is unreadable
	 */
	<T> void send(DpsRequest request, int attempt, Function<DpsReply, Optional<T>> read,
			BiConsumer<T, DpsReply> onAnswer, IntConsumer again) {
		if (this.device.isOver()) {
			answeredIfRegister(request, null, null);
			return;
		}
		this.timeLimit.start();
		long sentAt = this.device.instance.pacer().now();
		CompletableFuture<DpsReply> sent = this.context.http()
			.send(request, this.device.registrationId, this.device.key.deviceKey());
		sent.whenComplete((reply, failure) -> {
			answeredIfRegister(request, sentAt, reply);
			if (this.device.hasOutcome()) {
				return;
			}
			try {
				if (failure != null) {
					onFailure(request, attempt, TransportFailure.classify(failure), again);
				}
				else {
					onReply(request, attempt, reply, read, onAnswer, again);
				}
			}
			catch (RuntimeException ex) {
				this.device.fail(ex);
			}
		});
	}

	/**
	 * A register call was sent on a pacing permit: its answer (or failure) frees the
	 * permit's slot, and DPS's answer, 429 or not, tells the pace.
	 */
	private void answeredIfRegister(DpsRequest request, Long sentAt, DpsReply reply) {
		if (request.call() == DpsCall.REGISTER) {
			boolean answered = sentAt != null && reply != null && reply.status() != 407;
			this.device.instance.pacer().answered(answered ? sentAt : null, answered && reply.status() == 429);
		}
	}

	private <T> void onReply(DpsRequest request, int attempt, DpsReply reply, Function<DpsReply, Optional<T>> read,
			BiConsumer<T, DpsReply> onAnswer, IntConsumer again) {
		DpsCall call = request.call();
		int status = reply.status();
		if (status == 407) {
			// the proxy, not DPS, answered: nothing reached DPS, and every other device
			// would get the same
			this.device.fail(new DpsUnavailableException("the proxy refused to connect to "
					+ this.device.instance.endpointHost() + " (HTTP 407 Proxy Authentication Required): check the "
					+ "credentials in dps.proxy or HTTPS_PROXY", null));
			return;
		}
		this.device.counted(call);
		boolean unauthorizedBefore = this.device.key.answeredAfterUnauthorized();
		Optional<Duration> retryAfter = RetryAfter.from(reply.headers(), this.context.clock().instant())
			.map(this.context.backoff()::capped);
		if (reply.isSuccess()) {
			this.device.verdicts.accepted(this.device.key.onSecondary());
		}
		if (reply.isSuccess() || (call == DpsCall.LOOKUP && status == 404)) {
			Optional<T> answer = read.apply(reply);
			if (answer.isPresent()) {
				onAnswer.accept(answer.get(), reply);
				return;
			}
			this.device.mayHaveArrived(call);
			retryOrGiveUp(request, attempt, String.valueOf(status),
					"DPS answered the " + call.description() + " with HTTP " + status
							+ " and a body that is not what the protocol promises: " + abbreviated(reply.body()),
					retryAfter, null, again);
			return;
		}
		if (status == 429) {
			// DPS did not take the call: a 429 costs no attempt. On a register call it
			// speaks for the instance's quota (the pacer has heard it); on a poll or
			// lookup for this device's own budget. Either way only this device waits, at
			// least Retry-After, until its time is up.
			this.context.statistics().throttled(call);
			this.device.instance.statistics().throttled(call);
			this.context.statistics().retried();
			Duration wait = this.device.retries.afterThrottled(call, retryAfter);
			logger.debug("{} of {} throttled (HTTP 429); trying again in {} ms", call.description(),
					this.device.registrationId, wait.toMillis());
			this.device.later(wait, () -> again.accept(attempt));
			return;
		}
		if (call == DpsCall.REGISTER) {
			this.device.retries.registerAnswered();
		}
		if (status >= 500) {
			this.device.mayHaveArrived(call);
			DpsErrors.Described error = DpsErrors.describe(reply, this.context.json());
			retryOrGiveUp(request, attempt, String.valueOf(status),
					"DPS failed the " + call.description() + " (HTTP " + status + "): " + error.message(), retryAfter,
					null, again);
			return;
		}
		if (status == 401) {
			onUnauthorized(request, attempt, unauthorizedBefore, retryAfter, reply, again);
			return;
		}
		DpsErrors.Described error = DpsErrors.describe(reply, this.context.json());
		this.device.finish(OutcomeStatus.ERROR, error.code(), error.message());
	}

	/**
	 * DPS refused the SAS token. It answers 401 for an expired token too
	 * (docs/dps.md#errors), so while nothing is known of the key one more try with a new
	 * token tells the two apart; a key DPS refuses is then tried with the other
	 * configured key (rotation), and a device that every key is refused for waits for the
	 * run's verdict on the keys.
	 */
	private void onUnauthorized(DpsRequest request, int attempt, boolean unauthorizedBefore,
			Optional<Duration> retryAfter, DpsReply reply, IntConsumer again) {
		KeyVerdicts verdicts = this.device.verdicts;
		KeyChoice key = this.device.key;
		verdicts.doubted();
		if (!unauthorizedBefore && !verdicts.knownRefused(key.onSecondary())
				&& attempt < this.device.retries.maxAttempts()) {
			key.unauthorizedOnce();
			retryOrGiveUp(request, attempt, "401", "DPS refused the token (HTTP 401)", retryAfter, null, again);
			return;
		}
		verdicts.refused(key.onSecondary());
		if (key.otherKeyUntried()) {
			logger.debug("DPS refused the {} group key for {}; trying the {}", KeyChoice.name(key.onSecondary()),
					this.device.registrationId, KeyChoice.name(!key.onSecondary()));
			key.switchToOtherKey();
			again.accept(attempt);
			return;
		}
		DpsErrors.Described error = DpsErrors.describe(reply, this.context.json());
		verdicts.deviceRefused(this.context.statistics().registerCalls()).whenComplete((ownRefusal, stop) -> {
			if (stop != null) {
				this.device.fail(stop);
			}
			else {
				this.device.finish(OutcomeStatus.UNAUTHORIZED, error.code(), error.message());
			}
		});
	}

	private void onFailure(DpsRequest request, int attempt, TransportFailure failure, IntConsumer again) {
		this.device.key.noAnswer();
		DpsCall call = request.call();
		String host = this.device.instance.endpointHost();
		switch (failure.kind()) {
			case TLS -> this.device.fail(new DpsUnavailableException(
					"TLS handshake with " + host + " failed: " + failure.description(), failure.cause()));
			case UNREACHABLE ->
				retryOrGiveUp(request, attempt, "connection", failure.description(), Optional.empty(), failure, again);
			case TIMEOUT -> {
				this.device.counted(call);
				this.device.mayHaveArrived(call);
				retryOrGiveUp(request, attempt, "timeout",
						"no answer from DPS to the " + call.description() + " within "
								+ Durations.precise(this.context.properties().requestTimeout()),
						Optional.empty(), null, again);
			}
			case BROKEN -> {
				this.device.counted(call);
				this.device.mayHaveArrived(call);
				retryOrGiveUp(request, attempt, "connection",
						"the " + call.description() + " failed: " + failure.description(), Optional.empty(), null,
						again);
			}
			case OTHER -> this.device.fail(failure.cause());
		}
	}

	/**
	 * Tries again after a backoff, or ends the registration once the request has had its
	 * {@code dps.max-attempts}: with ERROR, or with {@link DpsUnavailableException} when
	 * DPS could not even be connected to.
	 */
	private void retryOrGiveUp(DpsRequest request, int attempt, String errorCode, String message,
			Optional<Duration> retryAfter, TransportFailure unreachable, IntConsumer again) {
		RetryPolicy retries = this.device.retries;
		int maxAttempts = retries.maxAttempts();
		if (!retries.mayRetry(request.call(), attempt, unreachable != null)) {
			if (unreachable != null) {
				this.device.fail(new DpsUnavailableException(
						"cannot reach DPS at " + this.device.instance.endpointHost() + ": " + message,
						unreachable.cause()));
			}
			else {
				this.device.finish(OutcomeStatus.ERROR, errorCode,
						message + ((maxAttempts > 1) ? " (gave up after " + maxAttempts + " attempts)" : ""));
			}
			return;
		}
		this.context.statistics().retried();
		Duration wait = retries.delayBeforeRetry(attempt, retryAfter);
		logger.debug("{} of {} failed ({}), attempt {} of {}; trying again in {} ms", request.call().description(),
				this.device.registrationId, errorCode, attempt, maxAttempts, wait.toMillis());
		this.device.later(wait, () -> again.accept(attempt + 1));
	}

	private static String abbreviated(String body) {
		return (body == null || body.isBlank()) ? "(empty)" : DpsErrors.safe(body);
	}

}
