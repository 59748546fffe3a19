package io.dpsbatch.job;

import java.util.List;
import java.util.Map;

import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.store.BatchEnrollments;
import io.dpsbatch.store.BatchEnrollments.Recorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The batch's rule of one group key and one DPS instance, per enrollment: a batch
 * remembers, for each named enrollment, the ID scope, endpoint, kind and key fingerprints
 * it was started with, and a resume, {@code retry-failed} or {@code export} is refused
 * (exit 64) when an enrollment its devices use is missing or differs. As for the default
 * group: a secondary key may be added or change (the rotation path), and a group none of
 * whose devices was assigned may go on with another key (DPS refused the first one, say).
 * An enrollment configured after the batch started is recorded then. The default
 * enrollment keeps the batch's own columns and rule ({@link BatchConsistency}).
 */
@Component
public class EnrollmentConsistency {

	private static final Logger logger = LoggerFactory.getLogger(EnrollmentConsistency.class);

	private final BatchEnrollments store;

	EnrollmentConsistency(BatchEnrollments store) {
		this.store = store;
	}

	/** Records the configured named enrollments for a new batch. */
	void record(String batch, Enrollments configured) {
		this.store.record(batch, describe(configured));
	}

	/**
	 * @throws BatchMismatchException naming the enrollment and what changed
	 */
	public void check(String batch, Enrollments configured) {
		Map<String, Recorded> recorded = this.store.recorded(batch);
		this.store.inUse(batch).forEach((name, devices) -> {
			Enrollment now = configured.find(name)
				.orElseThrow(() -> new BatchMismatchException("batch '" + batch + "' has " + devices + " device(s) of "
						+ "enrollment '" + name + "', which is not configured now: configure dps.enrollments." + name
						+ " as it was when the batch started to go on with it"));
			Recorded was = recorded.get(name);
			if (was != null) {
				compare(batch, was, describe(now));
			}
		});
		record(batch, configured);
	}

	private void compare(String batch, Recorded was, Recorded now) {
		String which = "batch '" + batch + "' was started with enrollment '" + was.name() + "' ";
		if (!was.kind().equals(now.kind())) {
			throw new BatchMismatchException(which + "as " + kind(was) + ", configured now as " + kind(now)
					+ "; configure it as it was to go on with the batch");
		}
		if (!was.idScope().equals(now.idScope()) || !was.endpoint().equals(now.endpoint())) {
			throw new BatchMismatchException(which + "in ID scope " + was.idScope() + " at " + was.endpoint()
					+ ", configured now: " + now.idScope() + " at " + now.endpoint() + "; configure that DPS instance "
					+ "to go on with the batch");
		}
		String before = was.keyFingerprints().get(0);
		String after = now.keyFingerprints().get(0);
		if (before.equals(after)) {
			return;
		}
		boolean group = now.kind().equals(Enrollment.Kind.GROUP.name());
		if (group && this.store.assigned(batch, was.name()) == 0) {
			logger.info("Batch {}: no device of enrollment '{}' was assigned with group key {}; continuing with group "
					+ "key {}", batch, was.name(), before, after);
			this.store.replace(batch, now);
			return;
		}
		throw new BatchMismatchException(which + (group
				? "with another group key (" + before + ", configured now: " + after + "); the keys of its assigned "
						+ "devices derive from that key. Configure it again to go on with the batch"
				: "with another individual keys file (content " + before + ", now " + after + "); finish the batch "
						+ "with the file it started with, or register the new devices in a new batch"));
	}

	private static String kind(Recorded enrollment) {
		return enrollment.kind().equals(Enrollment.Kind.GROUP.name()) ? "an enrollment group"
				: "individual enrollments";
	}

	private static List<Recorded> describe(Enrollments configured) {
		return configured.all().stream().filter((e) -> !e.isDefault()).map(EnrollmentConsistency::describe).toList();
	}

	private static Recorded describe(Enrollment enrollment) {
		return new Recorded(enrollment.name(), enrollment.idScope(), enrollment.globalEndpoint().toString(),
				enrollment.kind().name(), enrollment.fingerprints());
	}

}
