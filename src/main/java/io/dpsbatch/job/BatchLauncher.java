package io.dpsbatch.job;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.manifest.CsvManifest;
import io.dpsbatch.manifest.ManifestScan;
import io.dpsbatch.results.BatchExporter;
import io.dpsbatch.results.BatchRecord;
import io.dpsbatch.results.ResultsStore;
import io.dpsbatch.results.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Starts a batch, or resumes it: the batch name identifies one job instance, so a second run of an
 * unfinished batch restarts it where the store says it stopped, and a run of a finished batch changes
 * nothing. An execution left STARTED by a process that was killed is recovered first.
 */
@Component
public class BatchLauncher {

	private static final Logger logger = LoggerFactory.getLogger(BatchLauncher.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job provisionJob;

	private final ResultsStore store;

	private final BatchExporter exporter;

	private final DpsConnection dps;

	BatchLauncher(JobOperator jobOperator, JobRepository jobRepository, Job provisionJob, ResultsStore store,
			BatchExporter exporter, DpsConnection dps) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.provisionJob = provisionJob;
		this.store = store;
		this.exporter = exporter;
		this.dps = dps;
	}

	/**
	 * Provisions (or resumes) a batch from a CSV manifest. Everything that could make the run a usage
	 * error (manifest format, keys, DPS settings, a batch started differently) is checked before the store
	 * is written.
	 */
	public RunResult provision(Path manifest, String batch) throws Exception {
		ManifestScan scan = CsvManifest.scan(manifest);
		EnrollmentKeys keys = this.dps.keys();
		this.dps.openRegistrar().close(); // validates endpoint, trust store and limits up front
		BatchRecord wanted = new BatchRecord(batch, manifest.toAbsolutePath().normalize().toString(), scan.sha256(),
				keys.primary().fingerprint(), this.dps.properties().idScope(),
				this.dps.properties().globalEndpoint().toString(), scan.header().attributeColumns(), scan.rows(),
				Instant.now());
		Optional<BatchRecord> existing = this.store.findBatch(batch);
		existing.ifPresent((started) -> checkSame(started, wanted));
		// a folder that cannot take the credentials is found before DPS is called, not after
		this.exporter.checkOutputFolder(batch);
		if (existing.isEmpty()) {
			this.store.createBatch(wanted);
		}
		return run(batch);
	}

	private RunResult run(String batch) throws Exception {
		JobParameters parameters = ProvisionJob.parameters(batch);
		JobExecution last = this.jobRepository.getLastJobExecution(ProvisionJob.NAME, parameters);
		if (last != null) {
			if (last.getStatus() == BatchStatus.COMPLETED) {
				return result(batch, RunResult.State.ALREADY_FINISHED, null);
			}
			if (last.getStatus().isRunning()) {
				logger.warn("Batch {}: execution {} was left {} by a run that did not finish (crash, kill or power "
						+ "loss); recovering it. If another dps-batch process is really running this batch, stop "
						+ "this one now.", batch, last.getId(), last.getStatus());
				this.jobOperator.recover(last);
			}
			else {
				logger.info("Batch {}: resuming after execution {} ended {}", batch, last.getId(), last.getStatus());
			}
		}
		JobExecution execution = this.jobOperator.start(this.provisionJob, parameters);
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return result(batch, RunResult.State.COMPLETED, null);
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

	private static void checkSame(BatchRecord existing, BatchRecord wanted) {
		String name = existing.name();
		if (!Objects.equals(existing.manifestSha256(), wanted.manifestSha256())) {
			throw new BatchMismatchException("batch '" + name + "' was started from " + existing.source()
					+ " with other content (sha256 " + existing.manifestSha256() + ", now " + wanted.manifestSha256()
					+ "); a batch never mixes two manifests. Restore that file to resume the batch, or give this one "
					+ "another name with --batch");
		}
		if (!existing.keyFingerprint().equals(wanted.keyFingerprint())) {
			throw new BatchMismatchException("batch '" + name + "' was started with another enrollment group key ("
					+ existing.keyFingerprint() + ", configured now: " + wanted.keyFingerprint()
					+ "); its devices' keys derive from that key. Configure it again to resume the batch");
		}
		if (!existing.idScope().equals(wanted.idScope())) {
			throw new BatchMismatchException("batch '" + name + "' was started against ID scope " + existing.idScope()
					+ ", not " + wanted.idScope() + "; configure that DPS instance to resume the batch");
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
