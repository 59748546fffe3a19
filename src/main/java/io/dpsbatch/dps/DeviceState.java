package io.dpsbatch.dps;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dpsbatch.enrollment.Enrollment;

/**
 * One device's state while it is provisioned, shared by the steps of
 * {@link DeviceProvisioning}, the requests of {@link DeviceRequests} and its
 * {@link RegistrationTimeLimit}, and how it ends. Its mutable fields are private and
 * change only through the methods below, each named for the event that changes them. The
 * steps never run at the same time (each starts when the previous one ended) but on
 * different threads, hence the volatile fields.
 */
final class DeviceState {

	final DeviceToRegister device;

	final String registrationId;

	final Enrollment enrollment;

	/**
	 * The DPS instance of its enrollment: where its requests go, and the pace its
	 * register calls share.
	 */
	final DpsInstance instance;

	/** What DPS has said of its enrollment's keys. */
	final KeyVerdicts verdicts;

	final KeyChoice key;

	final RetryPolicy retries;

	/** DPS's per-device polling limit; guarded by the steps never overlapping. */
	final PollLimit polls;

	private final RegistrarContext context;

	private final CompletableFuture<RegistrationOutcome> outcome = new CompletableFuture<>();

	private final AtomicInteger registerCalls = new AtomicInteger();

	private volatile Instant startedAt;

	/**
	 * DPS's last word on the registration (assigning, ...), for the time-out's message.
	 */
	private volatile String lastStatus;

	/**
	 * A register call ended so that DPS may have received it: look the device up before
	 * another.
	 */
	private volatile boolean registerMayHaveArrived;

	/** The device's first request has gone out (see {@link DeviceProvisioning}). */
	private volatile boolean admitted;

	/**
	 * The registration's time is up: the last status lookup decides, nothing else is
	 * sent.
	 */
	private volatile boolean timeUp;

	/** Set by the first call; the steps never overlap, so no two threads set it. */
	private volatile Future<?> deadline;

	/** The pacing permit the device waits for, if it waits for one. */
	private volatile CompletableFuture<Void> permit;

	DeviceState(RegistrarContext context, DeviceToRegister device, Enrollment enrollment, KeyVerdicts verdicts) {
		this.context = context;
		this.device = device;
		this.registrationId = device.registrationId();
		this.enrollment = enrollment;
		this.instance = context.routes().instance(enrollment);
		this.verdicts = verdicts;
		this.key = new KeyChoice(enrollment, context.statistics(), this.registrationId);
		this.retries = new RetryPolicy(context.backoff(), context.properties().maxAttempts());
		this.polls = new PollLimit(context.timings().pollWindow().toNanos());
	}

	CompletableFuture<RegistrationOutcome> start() {
		this.startedAt = this.context.clock().instant();
		this.outcome.whenComplete((result, failure) -> ended());
		return this.outcome;
	}

	/** The device has its outcome, or its time is up: nothing more is to be sent. */
	boolean isOver() {
		return this.outcome.isDone() || this.timeUp;
	}

	boolean hasOutcome() {
		return this.outcome.isDone();
	}

	int registerCalls() {
		return this.registerCalls.get();
	}

	/**
	 * DPS said where the registration stands (assigning, ...): the time-out's message
	 * quotes the last word.
	 */
	void reported(String status) {
		this.lastStatus = status;
	}

	String lastStatus() {
		return this.lastStatus;
	}

	boolean registerMayHaveArrived() {
		return this.registerMayHaveArrived;
	}

	/**
	 * The device waits for this pacing permit; its end gives the permit up if it still
	 * waits.
	 */
	void waitsFor(CompletableFuture<Void> permit) {
		this.permit = permit;
	}

	/**
	 * Its first request may go out: from now on it is sent without asking the key
	 * verdicts again.
	 */
	void admit() {
		this.admitted = true;
	}

	boolean isAdmitted() {
		return this.admitted;
	}

	boolean hasDeadline() {
		return this.deadline != null;
	}

	/**
	 * The timer of the registration's time limit: cancelled when the device ends, or at
	 * once if it has ended.
	 */
	void limitedBy(Future<?> timer) {
		this.deadline = timer;
		// ended meanwhile: its end may have come before the timer existed
		if (hasOutcome()) {
			timer.cancel(false);
		}
	}

	/** The registration's time is up: nothing more is sent but the last status lookup. */
	void timeIsUp() {
		this.timeUp = true;
	}

	/**
	 * DPS answered a request (or may have received it): counted for the run, and for the
	 * device if billable.
	 */
	void counted(DpsCall call) {
		if (call == DpsCall.REGISTER) {
			this.registerCalls.incrementAndGet();
		}
		this.context.statistics().sent(call);
		this.instance.statistics().sent(call);
	}

	void mayHaveArrived(DpsCall call) {
		if (call == DpsCall.REGISTER) {
			this.registerMayHaveArrived = true;
		}
	}

	/** Runs {@code step} after {@code wait}, unless the device is over by then. */
	void later(Duration wait, Runnable step) {
		try {
			this.context.scheduler().schedule(() -> {
				if (isOver()) {
					return;
				}
				try {
					step.run();
				}
				catch (RuntimeException ex) {
					fail(ex);
				}
			}, wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the client is closing; close() ends this registration
		}
	}

	/**
	 * Ends the registration without an outcome: the run cannot go on (DPS unreachable,
	 * keys refused, closed).
	 */
	void fail(Throwable failure) {
		this.outcome.completeExceptionally(failure);
	}

	/**
	 * Ends the registration as DPS's final answer says, when it is one (assigned, failed,
	 * disabled).
	 * @return whether it was
	 */
	boolean finishIfFinal(DeviceRegistrationResult state, String status, boolean foundByLookup) {
		switch (status) {
			case DpsJson.ASSIGNED -> finishAssigned(state, foundByLookup);
			case DpsJson.FAILED -> finish(OutcomeStatus.FAILED, (state != null) ? state.errorCode() : null,
					(state != null && state.errorMessage() != null) ? state.errorMessage()
							: "DPS reported the registration as failed");
			case DpsJson.DISABLED -> finish(OutcomeStatus.DISABLED, (state != null) ? state.errorCode() : null,
					(state != null && state.errorMessage() != null) ? state.errorMessage()
							: "the enrollment is disabled");
			default -> {
				return false;
			}
		}
		return true;
	}

	void finishAssigned(DeviceRegistrationResult state, boolean foundByLookup) {
		// for a group enrollment the device ID is the registration ID, should DPS leave
		// it out
		String deviceId = (state.deviceId() != null) ? state.deviceId() : this.registrationId;
		this.outcome.complete(new RegistrationOutcome(this.registrationId, OutcomeStatus.ASSIGNED, deviceId,
				state.assignedHub(), state.substatus(), null, null, this.registerCalls.get(), foundByLookup,
				this.key.onSecondary(), this.startedAt, this.context.clock().instant()));
	}

	void finish(OutcomeStatus status, String errorCode, String errorMessage) {
		this.outcome.complete(new RegistrationOutcome(this.registrationId, status, null, null, null,
				DpsErrors.safe(errorCode), DpsErrors.safe(errorMessage), this.registerCalls.get(), false,
				this.key.onSecondary(), this.startedAt, this.context.clock().instant()));
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

}
