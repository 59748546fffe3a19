package io.dpsbatch.dps;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.dpsbatch.text.Durations;

/**
 * {@code dps.registration-timeout} for one device, and the last status lookup that
 * decides when it is up. The time counts from the first call, not from the queue for a
 * pacing permit: while DPS throttles, a device may wait long for its turn without
 * anything being wrong with it. When the time is up nothing more is sent but that one
 * lookup: a device DPS has accepted is never given up over transport trouble, and
 * TIMED_OUT says in its error code why it is one: {@code assigning} (DPS still working on
 * it), {@code not-registered} (DPS never got the register call) or {@code unknown} (the
 * lookup could not tell).
 */
final class RegistrationTimeLimit {

	private final RegistrarContext context;

	private final DeviceState device;

	RegistrationTimeLimit(RegistrarContext context, DeviceState device) {
		this.context = context;
		this.device = device;
	}

	/** Starts the time limit at the device's first call; later calls change nothing. */
	void start() {
		if (this.device.hasDeadline()) {
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
		this.device.limitedBy(timer);
	}

	private void timedOut() {
		this.device.timeIsUp();
		String limit = "no final status within " + Durations.precise(this.context.properties().registrationTimeout());
		String last = (this.device.lastStatus() != null) ? "; last status: " + this.device.lastStatus() : "";
		DpsRequest lookup = DeviceProvisioning.lookupRequest(this.context, this.device);
		CompletableFuture<DpsReply> sent;
		try {
			sent = this.context.http().send(lookup, this.device.registrationId, this.device.key.deviceKey());
		}
		catch (RuntimeException ex) {
			this.device.finish(OutcomeStatus.TIMED_OUT, "unknown", limit + last + "; the final status lookup failed");
			return;
		}
		sent.whenComplete((reply, failure) -> {
			if (this.device.hasOutcome()) {
				return;
			}
			if (failure != null) {
				this.device.finish(OutcomeStatus.TIMED_OUT, "unknown",
						limit + last + "; the final status lookup could not tell ("
								+ TransportFailure.classify(failure).description() + ")");
				return;
			}
			this.device.counted(DpsCall.LOOKUP);
			if (reply.status() == 404) {
				this.device.finish(OutcomeStatus.TIMED_OUT, "not-registered", limit + last
						+ "; the final status lookup found no registration: DPS never got the register call");
				return;
			}
			Optional<DeviceRegistrationResult> state = reply.isSuccess()
					? this.context.json().registrationResult(reply.body()) : Optional.empty();
			if (state.isEmpty() || state.get().status() == null) {
				this.device.finish(OutcomeStatus.TIMED_OUT, "unknown",
						limit + last + "; the final status lookup could not tell (HTTP " + reply.status() + ")");
				return;
			}
			String status = state.get().status();
			// found assigned without a register call of this attempt: an earlier one did
			// it
			if (!this.device.finishIfFinal(state.get(), status, this.device.registerCalls() == 0)) {
				this.device.finish(OutcomeStatus.TIMED_OUT, status,
						limit + "; DPS still reported the registration as " + status + " at the final status lookup");
			}
		});
	}

}
