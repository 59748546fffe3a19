package io.dpsbatch.dps;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

import io.dpsbatch.enrollment.Enrollment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What DPS has said of one enrollment's keys during this run, learned once for every
 * device instead of being paid for by each; each enrollment of a run has its own, so that
 * a refused key stops only its devices:
 * <ul>
 * <li><b>A wrong key</b>: while DPS has accepted neither key, a device refused with every
 * configured key waits for the verdict instead of ending UNAUTHORIZED.
 * {@value #REFUSED_DEVICES_TO_STOP} such devices (or every device still out, for a
 * smaller batch) stop the run with {@link GroupKeyRefusedException}; one acceptance makes
 * them per-device outcomes again, as a single refused device among accepted ones is.</li>
 * <li><b>Rotation</b>: once DPS has taken the secondary key for a device whose primary it
 * refused, and has not taken the primary since, new devices start with the secondary;
 * every {@value #PRIMARY_CHECK_EVERY}th device starts with the primary, in case the
 * rotation is rolled back.</li>
 * <li>A key DPS has refused after a fresh token (and not accepted since) is refused at
 * once for the next device: the second try with a new token, which tells an expired token
 * from a refused key, is only worth a billable call while nothing is known of the
 * key.</li>
 * </ul>
 * For individual enrollments each device has its own keys, so a key refused for one
 * device says nothing of the next one's: only the first rule holds (DPS refusing every
 * device tried means a wrong keys file or ID scope rather than wrong devices); no
 * rotation is learned and no key is known refused.
 * <p>
 * Thread-safe; cheap (one lock, a few counters).
 */
final class KeyVerdicts {

	private static final Logger logger = LoggerFactory.getLogger(KeyVerdicts.class);

	static final int REFUSED_DEVICES_TO_STOP = 3;

	static final int PRIMARY_CHECK_EVERY = 100;

	private final Enrollment enrollment;

	/** Individual enrollments: each device signs with its own keys. */
	private final boolean perDeviceKeys;

	private final IntSupplier devicesOut;

	private final List<CompletableFuture<Void>> awaiting = new ArrayList<>();

	/**
	 * Devices that have not sent anything yet, held while DPS has refused a key and
	 * accepted none.
	 */
	private final Deque<CompletableFuture<Void>> held = new ArrayDeque<>();

	// guarded by this

	private boolean anyAccepted;

	private final boolean[] refusedSinceAccepted = new boolean[2];

	private boolean rotated;

	/**
	 * DPS has answered 401 in this run: until it accepts a key, new devices wait for the
	 * verdict.
	 */
	private boolean doubted;

	private long newDevices;

	private int refusedDevices;

	private GroupKeyRefusedException stop;

	/**
	 * @param enrollment whose keys they are
	 * @param devicesOut how many of its devices the client has between their first call
	 * and their outcome
	 */
	KeyVerdicts(Enrollment enrollment, IntSupplier devicesOut) {
		this.enrollment = enrollment;
		this.perDeviceKeys = enrollment.kind() == Enrollment.Kind.INDIVIDUAL;
		this.devicesOut = devicesOut;
	}

	/**
	 * Completes when a new device may send its first request: at once, unless DPS has
	 * refused a key and accepted none, in which case devices start one at a time (each
	 * after a device's refusal) until the verdict; completes exceptionally with
	 * {@link GroupKeyRefusedException} when the run stops.
	 */
	CompletableFuture<Void> mayStart() {
		synchronized (this) {
			if (this.stop != null) {
				return CompletableFuture.failedFuture(this.stop);
			}
			if (this.anyAccepted || !this.doubted) {
				return CompletableFuture.completedFuture(null);
			}
			CompletableFuture<Void> start = new CompletableFuture<>();
			this.held.add(start);
			return start;
		}
	}

	/** Whether a new device starts with the secondary key. */
	synchronized boolean startWithSecondary() {
		if (!this.rotated) {
			return false;
		}
		return ++this.newDevices % PRIMARY_CHECK_EVERY != 0;
	}

	/** DPS accepted a request signed with that key (any 2xx answer). */
	void accepted(boolean secondary) {
		List<CompletableFuture<Void>> released;
		synchronized (this) {
			this.refusedSinceAccepted[index(secondary)] = false;
			if (this.perDeviceKeys) {
				// nothing to learn for the next device, whose keys are its own
			}
			else if (secondary && this.refusedSinceAccepted[0] && !this.rotated) {
				this.rotated = true;
				logger.info(
						"DPS takes the secondary group key ({}) of {} where it refuses the primary: new devices "
								+ "start with the secondary",
						this.enrollment.groupKeys().secondary().fingerprint(), this.enrollment.describe());
			}
			else if (!secondary && this.rotated) {
				this.rotated = false;
				logger.info("DPS takes the primary group key of {} again: new devices start with the primary",
						this.enrollment.describe());
			}
			if (this.anyAccepted) {
				return;
			}
			this.anyAccepted = true;
			released = new ArrayList<>(this.awaiting);
			released.addAll(this.held);
			this.awaiting.clear();
			this.held.clear();
		}
		released.forEach((verdict) -> verdict.complete(null));
	}

	/**
	 * DPS answered 401 to a request: new devices wait, while no key has been accepted,
	 * until it is clear.
	 */
	synchronized void doubted() {
		this.doubted = true;
	}

	/**
	 * DPS refused that key for a device after a fresh token, or because it is
	 * {@link #knownRefused}.
	 */
	synchronized void refused(boolean secondary) {
		this.refusedSinceAccepted[index(secondary)] = !this.perDeviceKeys;
		this.doubted = true;
	}

	/** DPS has refused that key and not accepted it since. */
	synchronized boolean knownRefused(boolean secondary) {
		return this.refusedSinceAccepted[index(secondary)];
	}

	/**
	 * A device that DPS refused with every configured key. The future completes normally
	 * when its refusal is the device's own (DPS accepts the key for others),
	 * exceptionally with {@link GroupKeyRefusedException} when the run is to stop.
	 */
	CompletableFuture<Void> deviceRefused(long registerCalls) {
		CompletableFuture<Void> verdict = new CompletableFuture<>();
		synchronized (this) {
			if (this.anyAccepted) {
				verdict.complete(null);
				return verdict;
			}
			CompletableFuture<Void> next = null;
			if (this.stop == null) {
				this.refusedDevices++;
				this.awaiting.add(verdict);
				if (this.refusedDevices < REFUSED_DEVICES_TO_STOP && !this.held.isEmpty()) {
					next = this.held.poll(); // the next device tries the keys
				}
				else if (this.refusedDevices < REFUSED_DEVICES_TO_STOP
						&& this.awaiting.size() < this.devicesOut.getAsInt()) {
					return verdict;
				}
				else {
					this.stop = new GroupKeyRefusedException(message(registerCalls), this.enrollment.name());
				}
			}
			if (next != null) {
				next.complete(null);
				return verdict;
			}
		}
		stopAll();
		verdict.completeExceptionally(this.stop);
		return verdict;
	}

	/**
	 * A device ended otherwise: those still awaiting the verdict may be all that is left.
	 */
	void deviceEnded() {
		synchronized (this) {
			if (this.anyAccepted || this.stop != null || this.awaiting.isEmpty() || !this.held.isEmpty()
					|| this.awaiting.size() < this.devicesOut.getAsInt()) {
				return;
			}
			this.stop = new GroupKeyRefusedException(message(-1), this.enrollment.name());
		}
		stopAll();
	}

	/** The reason the run stops, or {@code null} while it goes on. */
	synchronized GroupKeyRefusedException stopped() {
		return this.stop;
	}

	private void stopAll() {
		List<CompletableFuture<Void>> stopped;
		synchronized (this) {
			stopped = new ArrayList<>(this.awaiting);
			stopped.addAll(this.held);
			this.awaiting.clear();
			this.held.clear();
		}
		stopped.forEach((verdict) -> verdict.completeExceptionally(this.stop));
	}

	private String message(long registerCalls) {
		String after = ((registerCalls >= 0) ? ", after " + registerCalls + " register calls" : "")
				+ ": the run stopped without marking any device failed";
		String again = ", then run the same command again to continue the batch";
		if (this.perDeviceKeys) {
			String property = this.enrollment.isDefault() ? "dps.individual-keys-file"
					: "dps.enrollments." + this.enrollment.name() + ".individual-keys-file";
			return "DPS refuses the individual enrollments' own keys of " + this.enrollment.describe() + " (keys file "
					+ this.enrollment.individualKeys().fingerprint() + ") (HTTP 401) for every device tried and has "
					+ "accepted none" + after + " for this enrollment. Check " + property + " against the "
					+ "individual enrollments in DPS (and the ID scope " + this.enrollment.idScope() + ")" + again;
		}
		var keys = this.enrollment.groupKeys();
		String which = "the enrollment group key (primary " + keys.primary().fingerprint()
				+ (keys.hasSecondary() ? ", and the secondary " + keys.secondary().fingerprint() : "") + ")";
		if (this.enrollment.isDefault()) {
			return "DPS refuses " + which + " (HTTP 401) for every device tried and has accepted none" + after
					+ ". Check dps.group-key" + (keys.hasSecondary() ? " and dps.secondary-group-key" : "")
					+ " against the enrollment group in DPS (and dps.id-scope)" + again;
		}
		String prefix = "dps.enrollments." + this.enrollment.name();
		return "DPS refuses " + which + " of " + this.enrollment.describe() + " (HTTP 401) for every device tried "
				+ "and has accepted none" + after + " for this enrollment. Check " + prefix + ".group-key"
				+ (keys.hasSecondary() ? " and " + prefix + ".secondary-group-key" : "") + " against the enrollment "
				+ "group in DPS (and the ID scope " + this.enrollment.idScope() + ")" + again;
	}

	private static int index(boolean secondary) {
		return secondary ? 1 : 0;
	}

}
