package io.dpsbatch.dps;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.dpsbatch.enrollment.Enrollment;

/**
 * Brings one device to a final status, as a chain of callbacks on futures: no thread
 * waits for the device at any time. Its steps never run at the same time (each starts
 * when the previous one ended), but on different threads. The parts: {@link DeviceState}
 * (what is known of the device, and how it ends), {@link DeviceRequests} (one request,
 * its answer and its retries, as {@link RetryPolicy} says), {@link KeyChoice} (which key
 * signs), {@link RegistrationTimeLimit} (the deadline and its last lookup). <pre>
 * step                  on                                       next
 * ---------------------------------------------------------------------------------------------------------
 * start                 lookup first (re-run of a failed device) look up
 *                       otherwise                                wait for permit
 * look up               assigned                                 ASSIGNED (found by lookup)
 *                       assigning                                look up again after the poll delay
 *                       not registered, failed, disabled         wait for permit
 * wait for permit       its instance's pacing permit; its         register (keys read or derived now)
 *                       enrollment's KeyVerdicts let it start
 *                       KeyVerdicts stop its enrollment          ends without outcome (GroupKeyRefused)
 *                       its key left the keys file since import  ERROR
 * register              202 assigning                            poll after Retry-After
 *                       200 assigned / failed / disabled         ASSIGNED / FAILED / DISABLED
 *                       429                                      wait for permit after Retry-After (no attempt)
 *                       5xx, timeout, broken connection          look up, then register again (attempt + 1)
 *                       401 once                                 register again with a new token
 *                       401 again                                the other key, or UNAUTHORIZED / enrollment stops
 *                       other 4xx, or max-attempts used          ERROR
 * poll                  assigning                                poll after Retry-After (5 per 10 s at most)
 *                       assigned / failed / disabled             ASSIGNED / FAILED / DISABLED
 *                       failed, 1st and 2nd in a row             poll again after a backoff
 *                       failed, 3rd in a row                     look up: final ends it, else poll again
 * any                   dps.registration-timeout since 1st call  final lookup: its answer, or TIMED_OUT
 * any                   DPS unreachable, TLS, proxy 407          ends without outcome (DpsUnavailable)
 * </pre> Only register calls are billable, so only they count against
 * {@code dps.max-attempts}; a register call that may have reached DPS is never repeated
 * before a status lookup says it did not.
 */
final class DeviceProvisioning {

	private final RegistrarContext context;

	private final DeviceState device;

	private final DeviceRequests requests;

	DeviceProvisioning(RegistrarContext context, DeviceToRegister device, Enrollment enrollment, KeyVerdicts verdicts) {
		this.context = context;
		this.device = new DeviceState(context, device, enrollment, verdicts);
		this.requests = new DeviceRequests(context, this.device, new RegistrationTimeLimit(context, this.device));
	}

	CompletableFuture<RegistrationOutcome> start() {
		CompletableFuture<RegistrationOutcome> outcome = this.device.start();
		String registrationId = this.device.registrationId;
		DpsRequest register;
		try {
			register = this.device.instance.register(registrationId,
					this.context.json().registrationBody(registrationId, this.device.device.payloadJson()));
		}
		catch (IllegalArgumentException ex) {
			this.device.finish(OutcomeStatus.ERROR, "payload", ex.getMessage());
			return outcome;
		}
		if (this.device.device.lookupFirst()) {
			lookUp((found) -> {
				if (found.isAssigned()) {
					this.device.finishAssigned(found.state(), true);
				}
				else {
					register(register, 1);
				}
			});
		}
		else {
			register(register, 1);
		}
		return outcome;
	}

	/** Ends the registration because its client is closing. */
	void cancel() {
		this.device.fail(new CancellationException("the DPS client was closed"));
	}

	// --- register ---

	private void register(DpsRequest register, int attempt) {
		if (this.device.registerMayHaveArrived()) {
			// a register call is billable and re-applies the reprovisioning policy: never
			// send a second one when the first may have worked
			lookUp((found) -> {
				if (found.isAssigned()) {
					this.device.finishAssigned(found.state(), true);
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

	private void sendRegister(DpsRequest register, int attempt) {
		CompletableFuture<Void> granted = this.device.instance.pacer().acquire();
		this.device.waitsFor(granted);
		granted.whenComplete((ok, closed) -> {
			if (closed != null) {
				return;
			}
			if (!this.device.isAdmitted()) {
				// decided when the call may leave, not when the device started waiting
				// for its turn
				CompletableFuture<Void> start = this.device.verdicts.mayStart();
				if (!start.isDone() || start.isCompletedExceptionally()) {
					// the permit goes to a device that may go
					this.device.instance.pacer().unused();
					start.whenComplete((go, stop) -> {
						if (stop != null) {
							this.device.fail(stop);
						}
						else if (admit()) {
							sendRegister(register, attempt);
						}
					});
					return;
				}
				if (!admit()) {
					this.device.instance.pacer().unused();
					return;
				}
			}
			this.requests.send(register, attempt, (reply) -> this.context.json().operationStatus(reply.body()),
					this::onOperationStatus, (next) -> register(register, next));
		});
	}

	/**
	 * Runs a device's first request once {@link KeyVerdicts} lets it start (at once,
	 * unless DPS refuses the keys and has accepted none), and any later one at once. A
	 * held device keeps no pacing permit from the devices that try the keys meanwhile.
	 */
	private void whenAdmitted(Runnable first) {
		if (this.device.isAdmitted()) {
			first.run();
			return;
		}
		this.device.verdicts.mayStart().whenComplete((ok, stop) -> {
			if (stop != null) {
				this.device.fail(stop);
				return;
			}
			if (!admit()) {
				return;
			}
			try {
				first.run();
			}
			catch (RuntimeException ex) {
				this.device.fail(ex);
			}
		});
	}

	/**
	 * The device's first request goes out: its key is chosen now, so that a rotation
	 * learned meanwhile applies.
	 * @return whether it may go; not when its individual enrollment's key has left the
	 * keys file since the import, which ends the device in ERROR
	 */
	private boolean admit() {
		try {
			this.device.key.use(this.device.verdicts.startWithSecondary());
		}
		catch (KeyChoice.MissingDeviceKeyException ex) {
			this.device.finish(OutcomeStatus.ERROR, "key", ex.getMessage());
			return false;
		}
		this.device.admit();
		return true;
	}

	// --- poll ---

	private void onOperationStatus(RegistrationOperationStatus status, DpsReply reply) {
		this.device.reported(status.status());
		if (this.device.finishIfFinal(status.registrationState(), status.status(), false)) {
			return;
		}
		DpsRequest poll = this.device.instance.operation(this.device.registrationId, status.operationId());
		Duration wait = RetryAfter.from(reply.headers(), this.context.clock().instant())
			.map(this.context.backoff()::capped)
			.orElse(this.context.timings().defaultPollDelay());
		this.device.later(wait, () -> poll(poll, 1));
	}

	private void poll(DpsRequest poll, int attempt) {
		long now = System.nanoTime();
		long wait = this.device.polls.waitNanos(now);
		if (wait > 0) {
			// Retry-After asked for sooner than DPS's per-device limit allows
			this.device.later(Duration.ofNanos(wait), () -> poll(poll, attempt));
			return;
		}
		this.device.polls.sent(now);
		this.requests.send(poll, attempt, (reply) -> this.context.json().operationStatus(reply.body()),
				(status, reply) -> {
					this.device.retries.pollAnswered();
					onOperationStatus(status, reply);
				}, (next) -> pollAgain(poll, next));
	}

	/**
	 * After a failed poll: polls are not billable and are retried until the
	 * registration's time is up, but every third failure in a row asks the status lookup,
	 * whose route may get through where the operation's does not; it ends the
	 * registration when DPS has decided, and polling goes on when not.
	 */
	private void pollAgain(DpsRequest poll, int attempt) {
		if (!this.device.retries.pollFailedAskLookup()) {
			poll(poll, attempt);
			return;
		}
		lookUp(lookupRequest(this.context, this.device), attempt, (found) -> {
			if (found.isFinal()) {
				this.device.finishIfFinal(found.state(), found.state().status(), false);
			}
			else {
				poll(poll, attempt);
			}
		});
	}

	// --- status lookup ---

	/**
	 * The status lookup, which is not billable. While DPS is still assigning a
	 * registration that reached it (one whose answer was lost, or that waited in DPS's
	 * queue past the request timeout), the device is looked up again after the poll delay
	 * instead of being registered a second time; the registration timeout bounds this.
	 */
	private void lookUp(Consumer<StatusLookup> then) {
		lookUp(lookupRequest(this.context, this.device), 1, (found) -> {
			if (found.isAssigning()) {
				this.device.reported(DpsJson.ASSIGNING);
				this.device.later(this.context.timings().defaultPollDelay(), () -> lookUp(then));
			}
			else {
				then.accept(found);
			}
		});
	}

	private void lookUp(DpsRequest lookup, int attempt, Consumer<StatusLookup> then) {
		whenAdmitted(() -> this.requests.send(lookup, attempt,
				(reply) -> (reply.status() == 404) ? Optional.of(StatusLookup.NOT_REGISTERED)
						: this.context.json().registrationResult(reply.body()).map(StatusLookup::new),
				(found, reply) -> then.accept(found), (next) -> lookUp(lookup, next, then)));
	}

	static DpsRequest lookupRequest(RegistrarContext context, DeviceState device) {
		return device.instance.lookup(device.registrationId, context.json().lookupBody(device.registrationId));
	}

}
