package io.dpsbatch.job;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.manifest.CsvManifest;
import io.dpsbatch.manifest.ManifestDatabase;
import io.dpsbatch.manifest.ManifestHeader;
import io.dpsbatch.manifest.ManifestScan;
import io.dpsbatch.output.BatchExporter;
import io.dpsbatch.store.AssignedElsewhere;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.DeviceResults;
import io.dpsbatch.store.RunLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The application service of the batch commands: starts a batch, resumes it, or retries
 * its failures. The batch name identifies one job instance, so a second run of an
 * unfinished batch restarts it where the store says it stopped ({@link JobRuns}), and a
 * run of a finished batch changes nothing.
 * <p>
 * Everything that could make a run a usage error (manifest format, keys, DPS settings, a
 * batch started differently: {@link BatchConsistency}) is checked before the store is
 * written. A run holds its batch's lock ({@link RunLocks}) from before it writes anything
 * until it ends: a second run of the same batch is refused with
 * {@link BatchBusyException}.
 */
@Service
public class ProvisioningService {

	private static final Logger logger = LoggerFactory.getLogger(ProvisioningService.class);

	private final BatchRepository batches;

	private final DeviceResults reports;

	private final BatchExporter exporter;

	private final ProvisioningTarget dps;

	private final RunLocks locks;

	private final ManifestDatabase database;

	private final StopRequest stopRequest;

	private final StopProperties stopProperties;

	private final BatchConsistency consistency;

	private final JobRuns jobs;

	private final EnrollmentConsistency enrollments;

	ProvisioningService(BatchRepository batches, DeviceResults reports, BatchExporter exporter, ProvisioningTarget dps,
			RunLocks locks, ManifestDatabase database, StopRequest stopRequest, StopProperties stopProperties,
			BatchConsistency consistency, JobRuns jobs, EnrollmentConsistency enrollments) {
		this.enrollments = enrollments;
		this.batches = batches;
		this.reports = reports;
		this.exporter = exporter;
		this.dps = dps;
		this.locks = locks;
		this.database = database;
		this.stopRequest = stopRequest;
		this.stopProperties = stopProperties;
		this.consistency = consistency;
		this.jobs = jobs;
	}

	/**
	 * Asks the run in progress to stop at its next safe point (any thread; returns at
	 * once). The run then ends {@link RunResult.State#INTERRUPTED}, within
	 * {@link #stopTimeout()} unless the store hangs.
	 */
	public void requestStop() {
		logger.warn("Stop requested: the run stops at its next safe point (within {} s) and records its state",
				stopTimeout().toSeconds());
		this.stopRequest.request();
	}

	/** How long a run may take to stop once asked to ({@code batch.stop-timeout}). */
	public Duration stopTimeout() {
		return this.stopProperties.stopTimeout();
	}

	/**
	 * Provisions (or resumes) a batch from a CSV manifest.
	 * @param force register devices that another batch assigned again, instead of looking
	 * them up
	 */
	public RunResult provision(Path manifest, String batch, boolean force) throws Exception {
		ManifestScan scan = CsvManifest.scan(manifest);
		BatchRecord wanted = wanted(batch, manifest.toAbsolutePath().normalize().toString(), scan.sha256(),
				scan.header().attributeColumns(), scan.rows());
		return startOrResume(wanted, force ? AssignedElsewhere.REGISTER : AssignedElsewhere.LOOK_UP, () -> {
		});
	}

	/**
	 * Provisions (or resumes) a batch from the factory database ({@code manifest.*}).
	 * Devices that another batch already assigned are recorded as such and not sent,
	 * unless {@code force}. The rows are imported once: a batch whose import finished
	 * resumes from the store and never reads the source again.
	 */
	public RunResult provisionFromDatabase(String batch, boolean force) throws Exception {
		boolean imported = this.batches.findBatch(batch).isPresent() && this.batches.state(batch).imported();
		// checked before anything is written: the query runs and has the columns of a
		// manifest
		ManifestHeader header = imported ? null : this.database.check();
		BatchRecord wanted = wanted(batch, this.database.description(), null,
				(header != null) ? header.attributeColumns() : List.of(), 0);
		return startOrResume(wanted, force ? AssignedElsewhere.REGISTER : AssignedElsewhere.SKIP, () -> {
			if (header != null) {
				this.batches.updateSource(batch, wanted.source(), header.attributeColumns());
			}
			else {
				logger.info("Batch {}: its devices were imported from the database before; it continues from "
						+ "the results store without reading the database again", batch);
			}
		});
	}

	/**
	 * Under the batch's lock: checks the run against the batch, creates the batch or
	 * resumes it, runs it.
	 */
	private RunResult startOrResume(BatchRecord wanted, AssignedElsewhere policy, Runnable resuming) throws Exception {
		String batch = wanted.name();
		try (RunLocks.Lock lock = lock(batch)) {
			Optional<BatchRecord> existing = this.batches.findBatch(batch);
			existing.ifPresent((started) -> {
				this.consistency.check(started, wanted, policy);
				this.enrollments.check(batch, this.dps.enrollments());
			});
			// a folder that cannot take the credentials is found before DPS is called,
			// not after
			this.exporter.checkOutputFolder(batch);
			if (existing.isEmpty()) {
				this.batches.createBatch(wanted, policy);
				this.enrollments.record(batch, this.dps.enrollments());
			}
			else {
				resuming.run();
			}
			return this.jobs.provision(batch);
		}
	}

	/**
	 * Registers again the devices of a finished batch that DPS did not assign (each
	 * looked up first), and writes the batch's files again. An interrupted retry-failed
	 * run is resumed instead.
	 */
	public RunResult retryFailed(String batch) throws Exception {
		BatchRecord record = this.batches.batch(batch);
		this.consistency.check(record,
				wanted(batch, record.source(), record.manifestSha256(), record.attributeColumns(), record.totalRows()),
				null);
		this.enrollments.check(batch, this.dps.enrollments());
		try (RunLocks.Lock lock = lock(batch)) {
			// the certificates and the folder are checked before any device is sent again
			this.exporter.checkOutputFolder(batch);
			int retries = this.batches.state(batch).retries();
			if (retries > 0 && !this.jobs.retryCompleted(batch, retries)) {
				logger.info("Batch {}: resuming retry-failed run {}, which did not finish", batch, retries);
				return this.jobs.retry(batch, retries);
			}
			if (!this.jobs.provisionCompleted(batch)) {
				throw new BatchMismatchException("batch '" + batch + "' has not finished: run provision for it again "
						+ "(with the same --manifest, or --from-db) to finish it before retrying its failures");
			}
			if (this.reports.totals(batch).notAssigned() == 0) {
				return this.jobs.result(batch, RunResult.State.NOTHING_TO_RETRY, null);
			}
			return this.jobs.retry(batch, this.batches.startRetry(batch));
		}
	}

	/**
	 * Whether the batch's job ran to its end, output files included (and its last
	 * retry-failed run, if any). Every device can have its final status while the batch
	 * is unfinished: a run killed while writing the files.
	 */
	public boolean isFinished(String batch) {
		int retries = this.batches.state(batch).retries();
		return this.jobs.provisionCompleted(batch) && (retries == 0 || this.jobs.retryCompleted(batch, retries));
	}

	private RunLocks.Lock lock(String batch) throws Exception {
		return this.locks.tryAcquire(batch)
			.orElseThrow(() -> new BatchBusyException("batch '" + batch + "' is being run by another dps-batch process"
					+ this.locks.lastRun(batch).map(RunLocks.RunOwner::inParentheses).orElse("")
					+ "; nothing was changed. Run the same command again once that run has ended ('status --batch "
					+ batch + "' shows whether it still runs)"));
	}

	/**
	 * What the batch is to be started with; checks the enrollments and DPS settings on
	 * the way, opening nothing. The batch's own key fingerprint, ID scope and endpoint
	 * are the default enrollment's (a group's primary key, or an individual keys file's
	 * content); the named ones are recorded apart ({@link EnrollmentConsistency}).
	 */
	private BatchRecord wanted(String batch, String source, String sha256, List<String> attributeColumns, long rows) {
		Enrollments enrollments = this.dps.check();
		Optional<Enrollment> standard = enrollments.find("");
		String fingerprint = standard.map((enrollment) -> enrollment.fingerprints().get(0)).orElse("none");
		String idScope = standard.map(Enrollment::idScope).orElse(this.dps.properties().idScope());
		String endpoint = standard.map((enrollment) -> enrollment.globalEndpoint().toString())
			.orElse(this.dps.properties().globalEndpoint().toString());
		return new BatchRecord(batch, source, sha256, fingerprint, idScope, endpoint, attributeColumns, rows,
				Instant.now());
	}

}
