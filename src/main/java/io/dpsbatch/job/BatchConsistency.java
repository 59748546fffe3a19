package io.dpsbatch.job;

import java.util.Objects;

import io.dpsbatch.store.AssignedElsewhere;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.BatchTotals;
import io.dpsbatch.store.DeviceResults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A batch never mixes two manifests, two group keys, two DPS instances or two choices of
 * {@code --force}: a run of an existing batch must fit what the batch was started with,
 * or it is refused before anything changes ({@link BatchMismatchException}, exit code
 * 64). One exception: a batch none of whose devices was assigned may go on with another
 * group key (DPS refused the first one, say).
 */
@Component
class BatchConsistency {

	private static final Logger logger = LoggerFactory.getLogger(BatchConsistency.class);

	private final BatchRepository batches;

	private final DeviceResults reports;

	BatchConsistency(BatchRepository batches, DeviceResults reports) {
		this.batches = batches;
		this.reports = reports;
	}

	/**
	 * @param policy what the run asks for devices another batch assigned, or {@code null}
	 * when it keeps the batch's
	 */
	void check(BatchRecord existing, BatchRecord wanted, AssignedElsewhere policy) {
		String name = existing.name();
		if (existing.fromDatabase() != wanted.fromDatabase()) {
			throw new BatchMismatchException("batch '" + name + "' was started from " + existing.source()
					+ "; a batch never mixes two manifests. Give this run another name with --batch");
		}
		if (!Objects.equals(existing.manifestSha256(), wanted.manifestSha256())) {
			throw new BatchMismatchException("batch '" + name + "' was started from " + existing.source()
					+ " with other content (sha256 " + existing.manifestSha256() + ", now " + wanted.manifestSha256()
					+ "); a batch never mixes two manifests. Restore that file to resume the batch, or give this one "
					+ "another name with --batch");
		}
		if (!existing.keyFingerprint().equals(wanted.keyFingerprint())) {
			BatchTotals totals = this.reports.totals(name);
			long assigned = totals.assigned();
			if (assigned > 0) {
				throw new BatchMismatchException("batch '" + name + "' was started with another enrollment group key ("
						+ existing.keyFingerprint() + ", configured now: " + wanted.keyFingerprint()
						+ "); the keys of its " + assigned
						+ " assigned device(s) derive from that key. Configure it again to resume the batch");
			}
			// nothing registered with the old key (DPS refused it, say): the batch goes
			// on with the new one
			logger.info("Batch {}: no device was assigned with group key {}; continuing with group key {}", name,
					existing.keyFingerprint(), wanted.keyFingerprint());
			this.batches.changeKeyFingerprint(name, wanted.keyFingerprint());
		}
		if (!existing.idScope().equals(wanted.idScope())) {
			throw new BatchMismatchException("batch '" + name + "' was started against ID scope " + existing.idScope()
					+ ", not " + wanted.idScope() + "; configure that DPS instance to resume the batch");
		}
		AssignedElsewhere started = this.batches.state(name).assignedElsewhere();
		if (policy != null && policy != started) {
			boolean forced = started == AssignedElsewhere.REGISTER;
			throw new BatchMismatchException("batch '" + name + "' was started " + (forced ? "with" : "without")
					+ " --force, and keeps that choice: run it " + (forced ? "with" : "without") + " --force, or give "
					+ "this run another name with --batch");
		}
	}

}
