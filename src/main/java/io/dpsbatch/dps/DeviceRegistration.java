package io.dpsbatch.dps;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dpsbatch.keys.DeviceKey;

/**
 * Brings one device to a final status: optional status lookup, register, polls, with retries, key
 * fallback and the registration time limit. Written as a chain of callbacks on futures: no thread waits
 * for this device at any time. Its steps never run at the same time (each starts when the previous one
 * ended), but on different threads, hence the volatile state.
 * <p>
 * Billable and not: only register calls are billable, so only they are bounded by
 * {@code dps.max-attempts} (a 429 does not count: DPS did not take the call). Polls and status lookups are
 * retried with backoff until {@code dps.registration-timeout}; every third failed poll asks the status
 * lookup instead, which may get through where the operation's route does not. When the time is up, a
 * last status lookup decides: a device ends TIMED_OUT only when it could not tell, or when DPS still
 * says it is assigning. A device DPS has accepted is never given up over transport trouble.
 * <p>
 * A 401 is DPS's word on the key, which {@link KeyVerdicts} learns once for the run.
 */
final class DeviceRegistration {

	private static final Logger logger = LoggerFactory.getLogger(DeviceRegistration.class);

	private final RegistrarContext context;

	private final DeviceToRegister device;

	private final String registrationId;

	private final CompletableFuture<RegistrationOutcome> outcome = new CompletableFuture<>();

	private final AtomicInteger registerCalls = new AtomicInteger();

	private volatile Instant startedAt;

	private volatile DeviceKey deviceKey;

	private volatile boolean onSecondaryKey;

	/** The last answer was a 401: another one means DPS refuses the key, not the token. */
	private volatile boolean unauthorizedInARow;

	/** A register call ended so that DPS may have received it: look the device up before another. */
	private volatile boolean registerMayHaveArrived;

	private volatile String lastStatus;

	/** Failed polls (and lookups) in a row: every third asks the status lookup. */
	private volatile int failedPolls;

	/** Register calls answered 429 in a row, for the backoff: they count no attempt. */
	private volatile int throttledRegisters;

	private volatile boolean triedPrimary;

	private volatile boolean triedSecondary;

	/** The device's first request may go out (see {@link #whenAdmitted}). */
	private volatile boolean admitted;

	/** The registration's time is up: the last status lookup decides, nothing else is sent. */
	private volatile boolean timeUp;

	/** Set by the first call; steps never overlap, so no two threads set it. */
	private volatile Future<?> deadline;

	private volatile CompletableFuture<Void> permit;

	/** Guarded by the steps never overlapping, like the rest of the state. */
	private final PollLimit polls;

	DeviceRegistration(RegistrarContext context, DeviceToRegister device) {
		this.context = context;
		this.device = device;
		this.registrationId = device.registrationId();
		this.polls = new PollLimit(context.timings().pollWindow().toNanos());
	}

	CompletableFuture<RegistrationOutcome> start() {
		this.startedAt = this.context.clock().instant();
		this.outcome.whenComplete((result, failure) -> ended());
		DpsRequest register;
		try {
			register = new DpsRequest(DpsCall.REGISTER, this.context.uris().register(this.registrationId),
					this.context.json().registrationBody(this.registrationId, this.device.payloadJson()));
		}
		catch (IllegalArgumentException ex) {
			finish(OutcomeStatus.ERROR, "payload", ex.getMessage());
			return this.outcome;
		}
		if (this.device.lookupFirst()) {
			lookUp((found) -> {
				if (found.isAssigned()) {
					finishAssigned(found.state(), true);
				}
				else {
					register(register, 1);
				}
			});
		}
		else {
			register(register, 1);
		}
		return this.outcome;
	}

	/** Ends the registration because its client is closing. */
	void cancel() {
		this.outcome.completeExceptionally(new CancellationException("the DPS client was closed"));
	}

	// --- register, poll, look up ---

	private void register(DpsRequest register, int attempt) {
		if (this.registerMayHaveArrived) {
			// a register call is billable and re-applies the reprovisioning policy: never send a second one
			// when the first may have worked
			lookUp((found) -> {
				if (found.isAssigned()) {
					finishAssigned(found.state(), true);
				}
				else {
					sendRegister(register, attempt);
				}
			});
		}
		else {
			sendRegister(register, attempt);
		}
	}

	/**
	 * Runs a device's first request once {@link KeyVerdicts} lets it start (at once, unless DPS refuses the
	 * keys and has accepted none), and any later one at once. A held device keeps no pacing permit from the
	 * devices that try the keys meanwhile.
	 */
	private void whenAdmitted(Runnable first) {
		if (this.admitted) {
			first.run();
			return;
		}
		this.context.verdicts().mayStart().whenComplete((ok, stop) -> {
			if (stop != null) {
				this.outcome.completeExceptionally(stop);
				return;
			}
			admit();
			try {
				first.run();
			}
			catch (RuntimeException ex) {
				this.outcome.completeExceptionally(ex);
			}
		});
	}

	private void sendRegister(DpsRequest register, int attempt) {
		CompletableFuture<Void> granted = this.context.pacer().acquire();
		this.permit = granted;
		granted.whenComplete((ok, closed) -> {
			if (closed != null) {
				return;
			}
			if (!this.admitted) {
				// decided when the call may leave, not when the device started waiting for its turn
				CompletableFuture<Void> start = this.context.verdicts().mayStart();
				if (!start.isDone() || start.isCompletedExceptionally()) {
					this.context.pacer().unused(); // the permit goes to a device that may go
					start.whenComplete((go, stop) -> {
						if (stop != null) {
							this.outcome.completeExceptionally(stop);
						}
						else {
							admit();
							sendRegister(register, attempt);
						}
					});
					return;
				}
				admit();
			}
			send(register, attempt, (reply) -> this.context.json().operationStatus(reply.body()),
					this::onOperationStatus, (next) -> register(register, next));
		});
	}

	private void onOperationStatus(RegistrationOperationStatus status, DpsReply reply) {
		this.lastStatus = status.status();
		DeviceRegistrationResult state = status.registrationState();
		switch (status.status()) {
			case DpsJson.ASSIGNED -> finishAssigned(state, false);
			case DpsJson.FAILED -> finish(OutcomeStatus.FAILED, (state != null) ? state.errorCode() : null,
					(state != null && state.errorMessage() != null) ? state.errorMessage()
							: "DPS reported the registration as failed");
			case DpsJson.DISABLED -> finish(OutcomeStatus.DISABLED, (state != null) ? state.errorCode() : null,
					(state != null && state.errorMessage() != null) ? state.errorMessage()
							: "the enrollment is disabled");
			default -> {
				DpsRequest poll = new DpsRequest(DpsCall.POLL,
						this.context.uris().operation(this.registrationId, status.operationId()), null);
				Duration wait = RetryAfter.from(reply.headers(), this.context.clock().instant())
					.map(this.context.backoff()::capped)
					.orElse(this.context.timings().defaultPollDelay());
				later(wait, () -> poll(poll, 1));
			}
		}
	}

	private void poll(DpsRequest poll, int attempt) {
		long now = System.nanoTime();
		long wait = this.polls.waitNanos(now);
		if (wait > 0) {
			// Retry-After asked for sooner than DPS's per-device limit allows
			later(Duration.ofNanos(wait), () -> poll(poll, attempt));
			return;
		}
		this.polls.sent(now);
		send(poll, attempt, (reply) -> this.context.json().operationStatus(reply.body()), (status, reply) -> {
			this.failedPolls = 0;
			onOperationStatus(status, reply);
		}, (next) -> pollAgain(poll, next));
	}

	/**
	 * After a failed poll: polls are not billable and are retried until the registration's time is up, but
	 * every third failure in a row asks the status lookup, whose route may get through where the
	 * operation's does not; it ends the registration when DPS has decided, and polling goes on when not.
	 */
	private void pollAgain(DpsRequest poll, int attempt) {
		if (++this.failedPolls % 3 != 0) {
			poll(poll, attempt);
			return;
		}
		DpsRequest lookup = lookupRequest();
		lookUp(lookup, attempt, (found) -> {
			if (found.isAssigned()) {
				finishAssigned(found.state(), false);
			}
			else if (found.isFinal()) {
				onOperationStatus(new RegistrationOperationStatus(null, found.state().status(), found.state()), null);
			}
			else {
				poll(poll, attempt);
			}
		});
	}

	/**
	 * The status lookup, which is not billable. While DPS is still assigning a registration that reached it (one
	 * whose answer was lost, or that waited in DPS's queue past the request timeout), the device is looked up
	 * again after the poll delay instead of being registered a second time; the registration timeout bounds this.
	 */
	private void lookUp(Consumer<Lookup> then) {
		lookUp(lookupRequest(), 1, (found) -> {
			if (found.isAssigning()) {
				this.lastStatus = DpsJson.ASSIGNING;
				later(this.context.timings().defaultPollDelay(), () -> lookUp(then));
			}
			else {
				then.accept(found);
			}
		});
	}

	private void lookUp(DpsRequest lookup, int attempt, Consumer<Lookup> then) {
		whenAdmitted(() -> sendLookup(lookup, attempt, then));
	}

	private void sendLookup(DpsRequest lookup, int attempt, Consumer<Lookup> then) {
		send(lookup, attempt, (reply) -> (reply.status() == 404) ? Optional.of(Lookup.NOT_REGISTERED)
				: this.context.json().registrationResult(reply.body()).map(Lookup::new),
				(found, reply) -> then.accept(found), (next) -> lookUp(lookup, next, then));
	}

	private DpsRequest lookupRequest() {
		return new DpsRequest(DpsCall.LOOKUP, this.context.uris().lookup(this.registrationId),
				this.context.json().lookupBody(this.registrationId));
	}

	/** What the status lookup said: DPS's registration state, or {@code null} when it does not know the device. */
	private record Lookup(DeviceRegistrationResult state) {

		static final Lookup NOT_REGISTERED = new Lookup(null);

		boolean isAssigned() {
			return this.state != null && DpsJson.ASSIGNED.equals(this.state.status());
		}

		boolean isAssigning() {
			return this.state != null && DpsJson.ASSIGNING.equals(this.state.status());
		}

		/** DPS has decided: assigned, failed or disabled. */
		boolean isFinal() {
			return this.state != null && (DpsJson.ASSIGNED.equals(this.state.status())
					|| DpsJson.FAILED.equals(this.state.status()) || DpsJson.DISABLED.equals(this.state.status()));
		}

	}

	// --- one request, its answer and its retries ---

	/**
	 * Sends a request and hands a readable answer to {@code onAnswer}; everything else is dealt with
	 * here: retried through {@code again} (given the next attempt number), or ending the registration.
	 * @param read turns a 2xx reply (or a lookup's 404) into the answer; empty when the body is unreadable
	 */
	private <T> void send(DpsRequest request, int attempt, Function<DpsReply, Optional<T>> read,
			BiConsumer<T, DpsReply> onAnswer, IntConsumer again) {
		if (this.outcome.isDone() || this.timeUp) {
			answeredIfRegister(request, null, null);
			return;
		}
		startDeadline();
		long sentAt = this.context.pacer().now();
		CompletableFuture<DpsReply> sent = this.context.http().send(request, this.registrationId, this.deviceKey);
		sent.whenComplete((reply, failure) -> {
			answeredIfRegister(request, sentAt, reply);
			if (this.outcome.isDone()) {
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
				this.outcome.completeExceptionally(ex);
			}
		});
	}

	/**
	 * A register call was sent on a pacing permit: its answer (or failure) frees the permit's slot, and
	 * DPS's answer, 429 or not, tells the pace.
	 */
	private void answeredIfRegister(DpsRequest request, Long sentAt, DpsReply reply) {
		if (request.call() == DpsCall.REGISTER) {
			boolean answered = sentAt != null && reply != null && reply.status() != 407;
			this.context.pacer().answered(answered ? sentAt : null, answered && reply.status() == 429);
		}
	}

	private <T> void onReply(DpsRequest request, int attempt, DpsReply reply, Function<DpsReply, Optional<T>> read,
			BiConsumer<T, DpsReply> onAnswer, IntConsumer again) {
		DpsCall call = request.call();
		int status = reply.status();
		if (status == 407) {
			// the proxy, not DPS, answered: nothing reached DPS, and every other device would get the same
			this.outcome.completeExceptionally(new DpsUnavailableException("the proxy refused to connect to "
					+ this.context.endpointHost() + " (HTTP 407 Proxy Authentication Required): check the "
					+ "credentials in dps.proxy or HTTPS_PROXY", null));
			return;
		}
		counted(call);
		boolean unauthorizedBefore = this.unauthorizedInARow;
		this.unauthorizedInARow = false;
		Optional<Duration> retryAfter = RetryAfter.from(reply.headers(), this.context.clock().instant())
			.map(this.context.backoff()::capped);
		if (reply.isSuccess()) {
			this.context.verdicts().accepted(this.onSecondaryKey);
		}
		if (reply.isSuccess() || (call == DpsCall.LOOKUP && status == 404)) {
			Optional<T> answer = read.apply(reply);
			if (answer.isPresent()) {
				onAnswer.accept(answer.get(), reply);
				return;
			}
			mayHaveArrived(call);
			retryOrGiveUp(request, attempt, String.valueOf(status), "DPS answered the " + call.description()
					+ " with HTTP " + status + " and a body that is not what the protocol promises: "
					+ abbreviated(reply.body()), retryAfter, null, again);
			return;
		}
		if (status == 429) {
			// DPS did not take the call: a 429 costs no attempt. On a register call it speaks for the instance's
			// quota (the pacer has heard it); on a poll or lookup for this device's own budget. Either way only
			// this device waits, at least Retry-After, until its time is up.
			this.context.statistics().throttled(call);
			this.context.statistics().retried();
			int inARow = (call == DpsCall.REGISTER) ? ++this.throttledRegisters : ++this.failedPolls;
			Duration wait = this.context.backoff().delayBeforeRetry(Math.min(inARow, 10), retryAfter);
			logger.debug("{} of {} throttled (HTTP 429); trying again in {} ms", call.description(),
					this.registrationId, wait.toMillis());
			later(wait, () -> again.accept(attempt));
			return;
		}
		if (call == DpsCall.REGISTER) {
			this.throttledRegisters = 0;
		}
		if (status >= 500) {
			mayHaveArrived(call);
			DpsErrors.Described error = DpsErrors.describe(reply, this.context.json());
			retryOrGiveUp(request, attempt, String.valueOf(status), "DPS failed the " + call.description() + " (HTTP "
					+ status + "): " + error.message(), retryAfter, null, again);
			return;
		}
		if (status == 401) {
			onUnauthorized(request, attempt, unauthorizedBefore, retryAfter, reply, again);
			return;
		}
		DpsErrors.Described error = DpsErrors.describe(reply, this.context.json());
		finish(OutcomeStatus.ERROR, error.code(), error.message());
	}

	/**
	 * DPS refused the SAS token. It answers 401 for an expired token too (dps-protocol.md §4.2), so while
	 * nothing is known of the key one more try with a new token tells the two apart; a key DPS refuses is
	 * then tried with the other configured key (rotation), and a device that every key is refused for
	 * waits for the run's verdict on the keys.
	 */
	private void onUnauthorized(DpsRequest request, int attempt, boolean unauthorizedBefore,
			Optional<Duration> retryAfter, DpsReply reply, IntConsumer again) {
		KeyVerdicts verdicts = this.context.verdicts();
		verdicts.doubted();
		if (!unauthorizedBefore && !verdicts.knownRefused(this.onSecondaryKey)
				&& attempt < this.context.properties().maxAttempts()) {
			this.unauthorizedInARow = true;
			retryOrGiveUp(request, attempt, "401", "DPS refused the token (HTTP 401)", retryAfter, null, again);
			return;
		}
		verdicts.refused(this.onSecondaryKey);
		boolean otherTried = this.onSecondaryKey ? this.triedPrimary : this.triedSecondary;
		if (this.context.keys().hasSecondary() && !otherTried) {
			logger.debug("DPS refused the {} group key for {}; trying the {}", keyName(this.onSecondaryKey),
					this.registrationId, keyName(!this.onSecondaryKey));
			useKey(!this.onSecondaryKey);
			again.accept(attempt);
			return;
		}
		DpsErrors.Described error = DpsErrors.describe(reply, this.context.json());
		verdicts.deviceRefused(this.context.statistics().registerCalls()).whenComplete((ownRefusal, stop) -> {
			if (stop != null) {
				this.outcome.completeExceptionally(stop);
			}
			else {
				finish(OutcomeStatus.UNAUTHORIZED, error.code(), error.message());
			}
		});
	}

	/**
	 * The device's first request goes out: its key is chosen now rather than when it started waiting for
	 * its turn, so that a rotation learned meanwhile applies to it.
	 */
	private void admit() {
		this.admitted = true;
		useKey(this.context.verdicts().startWithSecondary());
	}

	private void useKey(boolean secondary) {
		this.onSecondaryKey = secondary;
		if (secondary) {
			this.triedSecondary = true;
			this.deviceKey = this.context.keys().secondary().deriveDeviceKey(this.registrationId);
			this.context.statistics().switchedToSecondaryKey();
		}
		else {
			this.triedPrimary = true;
			this.deviceKey = this.context.keys().primary().deriveDeviceKey(this.registrationId);
		}
	}

	private static String keyName(boolean secondary) {
		return secondary ? "secondary" : "primary";
	}

	private void onFailure(DpsRequest request, int attempt, TransportFailure failure, IntConsumer again) {
		this.unauthorizedInARow = false;
		DpsCall call = request.call();
		String host = this.context.endpointHost();
		switch (failure.kind()) {
			case TLS -> this.outcome.completeExceptionally(
					new DpsUnavailableException("TLS handshake with " + host + " failed: " + failure.description(),
							failure.cause()));
			case UNREACHABLE -> retryOrGiveUp(request, attempt, "connection", failure.description(), Optional.empty(),
					failure, again);
			case TIMEOUT -> {
				counted(call);
				mayHaveArrived(call);
				retryOrGiveUp(request, attempt, "timeout", "no answer from DPS to the " + call.description()
						+ " within " + DpsErrors.human(this.context.properties().requestTimeout()), Optional.empty(),
						null, again);
			}
			case BROKEN -> {
				counted(call);
				mayHaveArrived(call);
				retryOrGiveUp(request, attempt, "connection",
						"the " + call.description() + " failed: " + failure.description(), Optional.empty(), null,
						again);
			}
			case OTHER -> this.outcome.completeExceptionally(failure.cause());
		}
	}

	/**
	 * Tries again after a backoff, or ends the registration once the request has had its
	 * {@code dps.max-attempts}: with ERROR, or with {@link DpsUnavailableException} when DPS could not
	 * even be connected to.
	 */
	private void retryOrGiveUp(DpsRequest request, int attempt, String errorCode, String message,
			Optional<Duration> retryAfter, TransportFailure unreachable, IntConsumer again) {
		int maxAttempts = this.context.properties().maxAttempts();
		// polls and lookups are not billable: bounded by the registration's time, unless DPS cannot be reached
		boolean bounded = request.call() == DpsCall.REGISTER || unreachable != null;
		if (bounded && attempt >= maxAttempts) {
			if (unreachable != null) {
				this.outcome.completeExceptionally(new DpsUnavailableException(
						"cannot reach DPS at " + this.context.endpointHost() + ": " + message, unreachable.cause()));
			}
			else {
				finish(OutcomeStatus.ERROR, errorCode,
						message + (maxAttempts > 1 ? " (gave up after " + maxAttempts + " attempts)" : ""));
			}
			return;
		}
		this.context.statistics().retried();
		Duration wait = this.context.backoff().delayBeforeRetry(Math.min(attempt, 10), retryAfter);
		logger.debug("{} of {} failed ({}), attempt {} of {}; trying again in {} ms", request.call().description(),
				this.registrationId, errorCode, attempt, maxAttempts, wait.toMillis());
		later(wait, () -> again.accept(attempt + 1));
	}

	// --- bookkeeping ---

	private void counted(DpsCall call) {
		if (call == DpsCall.REGISTER) {
			this.registerCalls.incrementAndGet();
		}
		this.context.statistics().sent(call);
	}

	private void mayHaveArrived(DpsCall call) {
		if (call == DpsCall.REGISTER) {
			this.registerMayHaveArrived = true;
		}
	}

	private void later(Duration wait, Runnable step) {
		try {
			this.context.scheduler().schedule(() -> {
				if (this.outcome.isDone() || this.timeUp) {
					return;
				}
				try {
					step.run();
				}
				catch (RuntimeException ex) {
					this.outcome.completeExceptionally(ex);
				}
			}, wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the client is closing; close() ends this registration
		}
	}

	/**
	 * {@code dps.registration-timeout} counts from the first call, not from the queue for a pacing permit:
	 * while DPS throttles, a device may wait long for its turn without anything being wrong with it.
	 */
	private void startDeadline() {
		if (this.deadline != null) {
			return;
		}
		Future<?> timer;
		try {
			long timeout = this.context.properties().registrationTimeout().toNanos();
			timer = this.context.scheduler().schedule(this::timedOut, timeout, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			return; // the client is closing; close() ends this registration
		}
		this.deadline = timer;
		if (this.outcome.isDone()) { // ended meanwhile: ended() may have run before the timer existed
			timer.cancel(false);
		}
	}

	/**
	 * The registration's time is up: nothing more is sent but one last status lookup, and what it says
	 * decides. TIMED_OUT says in its error code which case it is: {@code assigning} (DPS still working on
	 * it), {@code not-registered} (DPS never got the register call) or {@code unknown} (the lookup could
	 * not tell).
	 */
	private void timedOut() {
		this.timeUp = true;
		String limit = "no final status within " + DpsErrors.human(this.context.properties().registrationTimeout());
		String last = (this.lastStatus != null) ? "; last status: " + this.lastStatus : "";
		DpsRequest lookup = lookupRequest();
		CompletableFuture<DpsReply> sent;
		try {
			sent = this.context.http().send(lookup, this.registrationId, this.deviceKey);
		}
		catch (RuntimeException ex) {
			finish(OutcomeStatus.TIMED_OUT, "unknown", limit + last + "; the final status lookup failed");
			return;
		}
		sent.whenComplete((reply, failure) -> {
			if (this.outcome.isDone()) {
				return;
			}
			if (failure != null) {
				finish(OutcomeStatus.TIMED_OUT, "unknown", limit + last + "; the final status lookup could not tell ("
						+ TransportFailure.classify(failure).description() + ")");
				return;
			}
			counted(DpsCall.LOOKUP);
			if (reply.status() == 404) {
				finish(OutcomeStatus.TIMED_OUT, "not-registered", limit + last
						+ "; the final status lookup found no registration: DPS never got the register call");
				return;
			}
			Optional<DeviceRegistrationResult> state = reply.isSuccess()
					? this.context.json().registrationResult(reply.body()) : Optional.empty();
			if (state.isEmpty() || state.get().status() == null) {
				finish(OutcomeStatus.TIMED_OUT, "unknown", limit + last + "; the final status lookup could not tell "
						+ "(HTTP " + reply.status() + ")");
				return;
			}
			if (DpsJson.ASSIGNED.equals(state.get().status())) {
				finishAssigned(state.get(), this.registerCalls.get() == 0);
			}
			else if (new Lookup(state.get()).isFinal()) {
				onOperationStatus(new RegistrationOperationStatus(null, state.get().status(), state.get()), null);
			}
			else {
				finish(OutcomeStatus.TIMED_OUT, state.get().status(), limit + "; DPS still reported the registration as "
						+ state.get().status() + " at the final status lookup");
			}
		});
	}

	private void finishAssigned(DeviceRegistrationResult state, boolean foundByLookup) {
		// for a group enrollment the device ID is the registration ID, should DPS leave it out
		String deviceId = (state.deviceId() != null) ? state.deviceId() : this.registrationId;
		this.outcome.complete(new RegistrationOutcome(this.registrationId, OutcomeStatus.ASSIGNED, deviceId,
				state.assignedHub(), state.substatus(), null, null, this.registerCalls.get(), foundByLookup,
				this.onSecondaryKey, this.startedAt, this.context.clock().instant()));
	}

	private void finish(OutcomeStatus status, String errorCode, String errorMessage) {
		this.outcome.complete(new RegistrationOutcome(this.registrationId, status, null, null, null,
				DpsErrors.safe(errorCode), DpsErrors.safe(errorMessage), this.registerCalls.get(), false,
				this.onSecondaryKey, this.startedAt, this.context.clock().instant()));
	}

	private void ended() {
		Future<?> timer = this.deadline;
		if (timer != null) {
			timer.cancel(false);
		}
		CompletableFuture<Void> waiting = this.permit;
		if (waiting != null) {
			// hands the pacer's slot to the next device if this one was still queued
			waiting.cancel(false);
		}
	}

	private static String abbreviated(String body) {
		return (body == null || body.isBlank()) ? "(empty)" : DpsErrors.safe(body);
	}

}
