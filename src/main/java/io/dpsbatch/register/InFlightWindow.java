package io.dpsbatch.register;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.dpsbatch.dps.DeviceToRegister;
import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.dps.GroupKeyRefusedException;
import io.dpsbatch.dps.Registrar;
import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.store.DeviceQueue;
import io.dpsbatch.store.LineOutcome;
import io.dpsbatch.store.PendingDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The devices with DPS right now, at most {@code dps.max-in-flight} of them, each on its
 * own asynchronous path (lookup, paced register, polls) in the run's {@link Registrar},
 * which the window owns: closing the window closes it, and the window, a step-scoped
 * bean, is closed as its step ends. Outcomes arrive on the registrar's threads and wait
 * in a queue until the step takes them: so a slow device holds back nothing but its own
 * slot, and the rate limit, not a chunk barrier, sets the pace.
 * <p>
 * The devices the step sends are marked REGISTERING here, committed in a transaction of
 * their own before the first request goes out: after a crash the store knows which
 * devices DPS may have seen.
 * <p>
 * When DPS cannot be reached at all, the first such failure is kept
 * ({@link #unavailable()}) and the devices already out still bring their outcomes.
 * <p>
 * Each device goes through its enrollment. When DPS refuses an enrollment's keys for
 * every device tried ({@link GroupKeyRefusedException}), only that enrollment stops: its
 * devices are no longer sent (they stay REGISTERING, and are looked up first when the
 * batch resumes) while the others' go on; the run then ends with the refusal
 * ({@link #refused()}). When every configured enrollment is refused, the run stops at
 * once.
 */
class InFlightWindow implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(InFlightWindow.class);

	private final String batch;

	private final Registrar registrar;

	private final int capacity;

	private final DpsStatistics opened;

	private final DeviceQueue queue;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	private final Map<Long, Boolean> inFlight = new ConcurrentHashMap<>();

	private final BlockingQueue<LineOutcome> completed = new LinkedBlockingQueue<>();

	private final AtomicReference<Throwable> unavailable = new AtomicReference<>();

	private final Enrollments enrollments;

	private final RefusedEnrollments refused;

	InFlightWindow(String batch, Registrar registrar, int capacity, Enrollments enrollments, DeviceQueue queue,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.batch = batch;
		this.registrar = registrar;
		this.capacity = capacity;
		this.opened = registrar.statistics();
		this.enrollments = enrollments;
		this.refused = new RefusedEnrollments(enrollments.all().size());
		this.queue = queue;
		this.clock = clock;
		// committed at once, whatever transaction the step has open: DPS must never see a
		// device still PENDING
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** Slots free for new devices. */
	int free() {
		return this.capacity - this.inFlight.size();
	}

	/** Devices with DPS whose outcome has not arrived. */
	int size() {
		return this.inFlight.size();
	}

	/**
	 * Enough slots are free that waiting longer for outcomes would leave the window idle.
	 */
	boolean worthRefilling() {
		return free() >= Math.max(1, this.capacity / 8);
	}

	/** Nothing with DPS and no outcome waiting to be taken. */
	boolean isIdle() {
		return this.inFlight.isEmpty() && this.completed.isEmpty();
	}

	/** Why DPS could not be reached, or null. */
	Throwable unavailable() {
		return this.unavailable.get();
	}

	DpsStatistics statistics() {
		return this.registrar.statistics();
	}

	/**
	 * The registrar's statistics when the window opened: what the step's counts start
	 * from.
	 */
	DpsStatistics opened() {
		return this.opened;
	}

	/**
	 * The refusal of an enrollment's keys that ends the run once the other enrollments
	 * are done, or null; when several enrollments were refused, the message names each.
	 */
	GroupKeyRefusedException refused() {
		return this.refused.refusal();
	}

	/**
	 * Marks devices REGISTERING and commits, then sends each on its way; returns at once.
	 * The caller sends no more than {@link #free()} devices.
	 */
	void send(List<PendingDevice> devices) {
		if (devices.isEmpty()) {
			return;
		}
		this.ownTransaction
			.executeWithoutResult((status) -> this.queue.markRegistering(this.batch, devices, this.clock.instant()));
		for (PendingDevice device : devices) {
			send(device);
		}
	}

	private void send(PendingDevice device) {
		if (this.refused.isRefused(device.enrollment())) {
			// its enrollment stopped: it stays REGISTERING, and is looked up first when
			// the batch resumes
			return;
		}
		Enrollment enrollment = this.enrollments.find(device.enrollment()).orElse(null);
		if (enrollment == null) {
			// the batch's check refuses a run without an enrollment its devices use: a
			// safety net
			this.unavailable.compareAndSet(null, new IllegalStateException("device on line " + device.line()
					+ " belongs to enrollment '" + device.enrollment() + "', which is not configured"));
			return;
		}
		this.inFlight.put(device.line(), Boolean.TRUE);
		this.registrar
			.provision(
					new DeviceToRegister(device.registrationId(), device.payload(), device.lookupFirst(), enrollment))
			.whenComplete((outcome, error) -> {
				Throwable cause = (error != null) ? unwrap(error) : null;
				if (cause instanceof GroupKeyRefusedException refusal && !this.refused.refuse(refusal)) {
					// only this enrollment stops; the others' devices go on
				}
				else if (cause != null) {
					this.unavailable.compareAndSet(null, cause);
				}
				else {
					this.completed.add(new LineOutcome(device.line(), outcome));
				}
				// removed after the outcome is queued, so "nothing in flight and nothing
				// queued" means done
				this.inFlight.remove(device.line());
			});
	}

	/**
	 * The outcomes that arrived, waiting for more for up to {@code waitMillis}
	 * milliseconds: the step's commit rule, time or count. It returns early with what it
	 * has when nothing is left in flight, when {@code max} outcomes are in, or, when the
	 * caller {@code canRefill} (it has devices to send and may send them), as soon as
	 * enough slots are free that waiting longer would leave the window idle.
	 */
	List<LineOutcome> awaitOutcomes(long waitMillis, int max, boolean canRefill) throws InterruptedException {
		List<LineOutcome> outcomes = new ArrayList<>();
		if (isIdle()) {
			return outcomes;
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
		while (outcomes.size() < max) {
			long left = deadline - System.nanoTime();
			LineOutcome first = (left > 0) ? this.completed.poll(left, TimeUnit.NANOSECONDS) : this.completed.poll();
			if (first == null) {
				break;
			}
			outcomes.add(first);
			this.completed.drainTo(outcomes, max - outcomes.size());
			if (this.inFlight.isEmpty() || left <= 0 || (canRefill && worthRefilling())) {
				break;
			}
		}
		return outcomes;
	}

	/**
	 * Closes the registrar: devices still with DPS get no outcome in this run (they stay
	 * REGISTERING). With several DPS instances, first logs what each was sent and
	 * answered: each has its own pace.
	 */
	@Override
	public void close() {
		Map<String, DpsStatistics> instances = this.registrar.statisticsPerInstance();
		if (instances.size() > 1) {
			instances.forEach((instance, counts) -> logger.info(
					"{}: DPS instance {}: {} register calls, {} answered " + "429, pace {}/min at the end", this.batch,
					instance, counts.registerCalls(), counts.throttledRegisterCalls(), counts.pacePerMinute()));
		}
		this.registrar.close();
	}

	private static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

}
