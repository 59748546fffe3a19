package io.dpsbatch.job;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.manifest.CsvManifest;
import io.dpsbatch.manifest.ManifestDatabase;
import io.dpsbatch.manifest.ManifestHeader;
import io.dpsbatch.manifest.ManifestScan;
import io.dpsbatch.results.AssignedElsewhere;
import io.dpsbatch.results.BatchExporter;
import io.dpsbatch.results.BatchHistory;
import io.dpsbatch.results.BatchRecord;
import io.dpsbatch.results.BatchTotals;
import io.dpsbatch.results.DeviceStatus;
import io.dpsbatch.results.ResultsStore;
import io.dpsbatch.results.RunLocks;
import io.dpsbatch.results.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Starts a batch, or resumes it: the batch name identifies one job instance, so a second run of an
 * unfinished batch restarts it where the store says it stopped, and a run of a finished batch changes
 * nothing. Also starts (or resumes) the retry-failed runs of a batch.
 * <p>
 * A run holds its batch's lock ({@link RunLocks}) from before it writes anything until it ends: a second
 * run of the same batch is refused with {@link BatchBusyException}, and an execution left STARTED is
 * certainly one whose process died, so it is recovered.
 */
@Component
public class BatchLauncher {

	private static final Logger logger = LoggerFactory.getLogger(BatchLauncher.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job provisionJob;

	private final Job retryFailedJob;

	private final ResultsStore store;

	private final BatchExporter exporter;

	private final DpsConnection dps;

	private final RunLocks locks;

	private final ManifestDatabase database;

	private final StopRequest stopRequest;

	private final StopProperties stopProperties;

	private final RecordedRuns runs;

	BatchLauncher(JobOperator jobOperator, JobRepository jobRepository, @Qualifier("provisionJob") Job provisionJob,
			@Qualifier("retryFailedJob") Job retryFailedJob, ResultsStore store, BatchExporter exporter,
			DpsConnection dps, RunLocks locks, ManifestDatabase database, StopRequest stopRequest,
			StopProperties stopProperties, BatchHistory history) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.provisionJob = provisionJob;
		this.retryFailedJob = retryFailedJob;
		this.store = store;
		this.exporter = exporter;
		this.dps = dps;
		this.locks = locks;
		this.database = database;
		this.stopRequest = stopRequest;
		this.stopProperties = stopProperties;
		this.runs = new RecordedRuns(history, exporter, Clock.systemUTC());
	}

	/**
	 * Asks the run in progress to stop at its next safe point (any thread; returns at once). The run then
	 * ends {@link RunResult.State#INTERRUPTED}, within {@link #stopTimeout()} unless the store hangs.
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
	 * Provisions (or resumes) a batch from a CSV manifest. Everything that could make the run a usage
	 * error (manifest format, keys, DPS settings, a batch started differently) is checked before the store
	 * is written.
	 * @param force register devices that another batch assigned again, instead of looking them up
	 */
	public RunResult provision(Path manifest, String batch, boolean force) throws Exception {
		ManifestScan scan = CsvManifest.scan(manifest);
		BatchRecord wanted = wanted(batch, manifest.toAbsolutePath().normalize().toString(), scan.sha256(),
				scan.header().attributeColumns(), scan.rows());
		AssignedElsewhere policy = force ? AssignedElsewhere.REGISTER : AssignedElsewhere.LOOK_UP;
		try (RunLocks.Lock lock = lock(batch)) {
			Optional<BatchRecord> existing = this.store.findBatch(batch);
			existing.ifPresent((started) -> checkSame(started, wanted, policy));
			// a folder that cannot take the credentials is found before DPS is called, not after
			this.exporter.checkOutputFolder(batch);
			if (existing.isEmpty()) {
				this.store.createBatch(wanted, policy);
			}
			return run(this.provisionJob, ProvisionJob.parameters(batch), batch);
		}
	}

	/**
	 * Provisions (or resumes) a batch from the factory database ({@code manifest.*}). Devices that
	 * another batch already assigned are recorded as such and not sent, unless {@code force}. The rows
	 * are imported once: a batch whose import finished resumes from the store and never reads the source
	 * again.
	 */
	public RunResult provisionFromDatabase(String batch, boolean force) throws Exception {
		AssignedElsewhere policy = force ? AssignedElsewhere.REGISTER : AssignedElsewhere.SKIP;
		boolean imported = this.store.findBatch(batch).isPresent() && this.store.state(batch).imported();
		// checked before anything is written: the query runs and has the columns of a manifest
		ManifestHeader header = imported ? null : this.database.check();
		BatchRecord wanted = wanted(batch, this.database.description(), null,
				(header != null) ? header.attributeColumns() : List.of(), 0);
		try (RunLocks.Lock lock = lock(batch)) {
			Optional<BatchRecord> existing = this.store.findBatch(batch);
			existing.ifPresent((started) -> checkSame(started, wanted, policy));
			this.exporter.checkOutputFolder(batch);
			if (existing.isEmpty()) {
				this.store.createBatch(wanted, policy);
			}
			else {
				if (header != null) {
					this.store.updateSource(batch, wanted.source(), header.attributeColumns());
				}
				else {
					logger.info("Batch {}: its devices were imported from the database before; it continues from "
							+ "the results store without reading the database again", batch);
				}
			}
			return run(this.provisionJob, ProvisionJob.parameters(batch), batch);
		}
	}

	/**
	 * Registers again the devices of a finished batch that DPS did not assign (each looked up first),
	 * and writes the batch's files again. An interrupted retry-failed run is resumed instead.
	 */
	public RunResult retryFailed(String batch) throws Exception {
		BatchRecord record = this.store.findBatch(batch)
			.orElseThrow(() -> new BatchMismatchException("no batch named '" + batch + "' in the results store"));
		checkSame(record, wanted(batch, record.source(), record.manifestSha256(), record.attributeColumns(),
				record.totalRows()), null);
		try (RunLocks.Lock lock = lock(batch)) {
			// the certificates and the folder are checked before any device is sent again
			this.exporter.checkOutputFolder(batch);
			int retries = this.store.state(batch).retries();
			if (retries > 0 && !completed(this.retryFailedJob, ProvisionJob.retryParameters(batch, retries))) {
				logger.info("Batch {}: resuming retry-failed run {}, which did not finish", batch, retries);
				return run(this.retryFailedJob, ProvisionJob.retryParameters(batch, retries), batch);
			}
			if (!completed(this.provisionJob, ProvisionJob.parameters(batch))) {
				throw new BatchMismatchException("batch '" + batch + "' has not finished: run provision for it again "
						+ "(with the same --manifest, or --from-db) to finish it before retrying its failures");
			}
			if (this.store.totals(batch).notAssigned() == 0) {
				return result(batch, RunResult.State.NOTHING_TO_RETRY, null);
			}
			return run(this.retryFailedJob, ProvisionJob.retryParameters(batch, this.store.startRetry(batch)), batch);
		}
	}

	private RunLocks.Lock lock(String batch) throws Exception {
		return this.locks.tryAcquire(batch).orElseThrow(() -> new BatchBusyException("batch '" + batch
				+ "' is being run by another dps-batch process"
				+ this.locks.lastRun(batch).map(RunLocks.RunOwner::inParentheses).orElse("")
				+ "; nothing was changed. Run the same command again once that run has ended ('status --batch "
				+ batch + "' shows whether it still runs)"));
	}

	/** What the batch is to be started with; checks the keys and DPS settings on the way. */
	private BatchRecord wanted(String batch, String source, String sha256, List<String> attributeColumns, long rows) {
		EnrollmentKeys keys = this.dps.keys();
		this.dps.openRegistrar().close(); // validates endpoint, trust store and limits up front
		return new BatchRecord(batch, source, sha256, keys.primary().fingerprint(), this.dps.properties().idScope(),
				this.dps.properties().globalEndpoint().toString(), attributeColumns, rows, Instant.now());
	}

	/**
	 * Whether the batch's job ran to its end, output files included (and its last retry-failed run, if
	 * any). Every device can have its final status while the batch is unfinished: a run killed while
	 * writing the files.
	 */
	public boolean isFinished(String batch) {
		int retries = this.store.state(batch).retries();
		return completed(this.provisionJob, ProvisionJob.parameters(batch))
				&& (retries == 0 || completed(this.retryFailedJob, ProvisionJob.retryParameters(batch, retries)));
	}

	private boolean completed(Job job, JobParameters parameters) {
		JobExecution last = this.jobRepository.getLastJobExecution(job.getName(), parameters);
		return last != null && last.getStatus() == BatchStatus.COMPLETED;
	}

	private RunResult run(Job job, JobParameters parameters, String batch) throws Exception {
		JobExecution last = this.jobRepository.getLastJobExecution(job.getName(), parameters);
		if (last != null) {
			if (last.getStatus() == BatchStatus.COMPLETED) {
				if (this.store.totals(batch).unfinished() > 0) {
					throw new BatchMismatchException("batch '" + batch + "' has a retry-failed run that did not "
							+ "finish: run 'retry-failed --batch " + batch + "' to finish it");
				}
				return result(batch, RunResult.State.ALREADY_FINISHED, null);
			}
			if (last.getStatus().isRunning()) {
				// this run holds the batch's lock, so the process of that execution is gone
				logger.warn("Batch {}: execution {} was left {} by a run that did not finish (crash, kill or power "
						+ "loss); recovering it", batch, last.getId(), last.getStatus());
				this.jobOperator.recover(last);
			}
			else {
				logger.info("Batch {}: resuming after execution {} ended {}", batch, last.getId(), last.getStatus());
			}
		}
		if (this.stopRequest.isRequested()) {
			return result(batch, RunResult.State.INTERRUPTED, null);
		}
		String kind = ((job == this.retryFailedJob) ? "retry-failed" : "provision") + ((last != null) ? " (resumed)" : "");
		return this.runs.record(batch, kind, () -> start(job, parameters, batch));
	}

	private RunResult start(Job job, JobParameters parameters, String batch) throws Exception {
		JobExecution execution = this.jobOperator.start(job, parameters);
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return result(batch, RunResult.State.COMPLETED, null);
		}
		if (execution.getStatus() == BatchStatus.STOPPED) {
			return result(batch, RunResult.State.INTERRUPTED, null);
		}
		execution.getAllFailureExceptions().forEach((ex) -> logger.debug("Batch {} failed", batch, ex));
		String failure = execution.getAllFailureExceptions()
			.stream()
			.map(BatchLauncher::describe)
			.distinct()
			.collect(Collectors.joining("; "));
		return result(batch, RunResult.State.FAILED,
				failure.isEmpty() ? "the run ended " + execution.getStatus() : failure);
	}

	private RunResult result(String batch, RunResult.State state, String failure) {
		return new RunResult(batch, state, this.store.totals(batch), this.exporter.folderOf(batch), failure);
	}

	/**
	 * @param policy what the run asks for devices another batch assigned, or {@code null} when it keeps
	 * the batch's
	 */
	private void checkSame(BatchRecord existing, BatchRecord wanted, AssignedElsewhere policy) {
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
			BatchTotals totals = this.store.totals(name);
			long assigned = totals.count(DeviceStatus.ASSIGNED) + totals.count(DeviceStatus.ALREADY_ASSIGNED);
			if (assigned > 0) {
				throw new BatchMismatchException("batch '" + name + "' was started with another enrollment group key ("
						+ existing.keyFingerprint() + ", configured now: " + wanted.keyFingerprint() + "); the keys of its "
						+ assigned + " assigned device(s) derive from that key. Configure it again to resume the batch");
			}
			// nothing registered with the old key (DPS refused it, say): the batch goes on with the new one
			logger.info("Batch {}: no device was assigned with group key {}; continuing with group key {}", name,
					existing.keyFingerprint(), wanted.keyFingerprint());
			this.store.changeKeyFingerprint(name, wanted.keyFingerprint());
		}
		if (!existing.idScope().equals(wanted.idScope())) {
			throw new BatchMismatchException("batch '" + name + "' was started against ID scope " + existing.idScope()
					+ ", not " + wanted.idScope() + "; configure that DPS instance to resume the batch");
		}
		AssignedElsewhere started = this.store.state(name).assignedElsewhere();
		if (policy != null && policy != started) {
			boolean forced = started == AssignedElsewhere.REGISTER;
			throw new BatchMismatchException("batch '" + name + "' was started " + (forced ? "with" : "without")
					+ " --force, and keeps that choice: run it " + (forced ? "with" : "without") + " --force, or give "
					+ "this run another name with --batch");
		}
	}

	private static String describe(Throwable failure) {
		Optional<String> store = StoreFailures.describe(failure);
		if (store.isPresent()) {
			return store.get();
		}
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = failure.getMessage();
		String rootMessage = root.getMessage();
		if (message == null) {
			return (rootMessage != null) ? rootMessage : root.getClass().getSimpleName();
		}
		return (root == failure || rootMessage == null || message.contains(rootMessage)) ? message
				: message + " (" + rootMessage + ")";
	}

}
