package io.dpsbatch.register;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.dpsbatch.dps.DeviceToRegister;
import io.dpsbatch.dps.DpsRegistrar;
import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.dps.GroupKeyRefusedException;
import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.store.LineOutcome;
import io.dpsbatch.store.PendingDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices with DPS right now, at most {@code dps.max-in-flight} of them, each on its own asynchronous path
 * (lookup, paced register, polls) in the run's {@link DpsRegistrar}, which the window owns. Outcomes arrive on
 * the registrar's threads and wait in a queue until the step takes them: so a slow device holds back nothing
 * but its own slot, and the rate limit, not a chunk barrier, sets the pace.
 * <p>
 * When DPS cannot be reached at all, the first such failure is kept ({@link #unavailable()}) and the devices
 * already out still bring their outcomes.
 * <p>
 * Each device goes through its enrollment. When DPS refuses an enrollment's keys for every device
 * tried ({@link GroupKeyRefusedException}), only that enrollment stops: its devices are no longer sent (they
 * stay claimed, and are looked up first when the batch resumes) while the others' go on; the run then ends
 * with the refusal ({@link #refused()}). When every configured enrollment is refused, the run stops at once.
 */
final class InFlightWindow implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(InFlightWindow.class);

	private final DpsRegistrar registrar;

	private final int capacity;

	private final Map<Long, Boolean> inFlight = new ConcurrentHashMap<>();

	private final BlockingQueue<LineOutcome> completed = new LinkedBlockingQueue<>();

	private final AtomicReference<Throwable> unavailable = new AtomicReference<>();

	private final Enrollments enrollments;

	private final RefusedEnrollments refused;

	InFlightWindow(DpsRegistrar registrar, int capacity, Enrollments enrollments) {
		this.registrar = registrar;
		this.capacity = capacity;
		this.enrollments = enrollments;
		this.refused = new RefusedEnrollments(enrollments.all().size());
	}

	/** Slots free for new devices. */
	int free() {
		return this.capacity - this.inFlight.size();
	}

	/** Devices with DPS whose outcome has not arrived. */
	int size() {
		return this.inFlight.size();
	}

	/** Enough slots are free that waiting longer for outcomes would leave the window idle. */
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
	 * The refusal of an enrollment's keys that ends the run once the other enrollments are done, or null;
	 * when several enrollments were refused, the message names each.
	 */
	GroupKeyRefusedException refused() {
		return this.refused.refusal();
	}

	/** Sends a claimed device on its way; returns at once. */
	void send(PendingDevice device) {
		if (this.refused.isRefused(device.enrollment())) {
			return; // its enrollment stopped: it stays claimed, and is looked up first when the batch resumes
		}
		Enrollment enrollment = this.enrollments.find(device.enrollment()).orElse(null);
		if (enrollment == null) {
			// the batch's check refuses a run without an enrollment its devices use: a safety net
			this.unavailable.compareAndSet(null, new IllegalStateException("device on line " + device.line()
					+ " belongs to enrollment '" + device.enrollment() + "', which is not configured"));
			return;
		}
		this.inFlight.put(device.line(), Boolean.TRUE);
		this.registrar
			.provision(new DeviceToRegister(device.registrationId(), device.payload(), device.lookupFirst(), enrollment))
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
				// removed after the outcome is queued, so "nothing in flight and nothing queued" means done
				this.inFlight.remove(device.line());
			});
	}

	/**
	 * The outcomes that arrived, waiting for more for up to {@code wait} milliseconds: the step's commit rule,
	 * time or count. It returns early with what it has when nothing is left in flight, when {@code max}
	 * outcomes are in, or when {@code refillNow} says free slots should be filled first.
	 */
	List<LineOutcome> awaitOutcomes(long waitMillis, int max, BooleanSupplier refillNow) throws InterruptedException {
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
			if (this.inFlight.isEmpty() || left <= 0 || refillNow.getAsBoolean()) {
				break;
			}
		}
		return outcomes;
	}

	/** With several DPS instances, logs what each was sent and answered: each has its own pace. */
	void logPerInstance(String batch) {
		Map<String, DpsStatistics> instances = this.registrar.statisticsPerInstance();
		if (instances.size() > 1) {
			instances.forEach((instance, counts) -> logger.info("{}: DPS instance {}: {} register calls, {} answered "
					+ "429, pace {}/min at the end", batch, instance, counts.registerCalls(),
					counts.throttledRegisterCalls(), counts.pacePerMinute()));
		}
	}

	@Override
	public void close() {
		this.registrar.close();
	}

	private static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

}
