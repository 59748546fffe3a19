package io.dpsbatch.job;

import java.time.Clock;
import java.util.stream.Collectors;

import io.dpsbatch.output.BatchExporter;
import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.DeviceResults;
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
 * Starts a batch's job, or resumes it from the job repository: a finished instance is not
 * run again, an execution left STARTED belongs to a process that died (the caller holds
 * the batch's lock) and is recovered first, anything else restarts where it stopped.
 * Turns the execution into a {@link RunResult}.
 */
@Component
class JobRuns {

	private static final Logger logger = LoggerFactory.getLogger(JobRuns.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job provisionJob;

	private final Job retryFailedJob;

	private final DeviceResults reports;

	private final BatchExporter exporter;

	private final StopRequest stopRequest;

	private final RecordedRuns runs;

	JobRuns(JobOperator jobOperator, JobRepository jobRepository, @Qualifier("provisionJob") Job provisionJob,
			@Qualifier("retryFailedJob") Job retryFailedJob, DeviceResults reports, BatchExporter exporter,
			BatchHistory history, StopRequest stopRequest, Clock clock) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.provisionJob = provisionJob;
		this.retryFailedJob = retryFailedJob;
		this.reports = reports;
		this.exporter = exporter;
		this.stopRequest = stopRequest;
		this.runs = new RecordedRuns(history, exporter, clock);
	}

	RunResult provision(String batch) throws Exception {
		return run(this.provisionJob, BatchJobs.parameters(batch), batch);
	}

	RunResult retry(String batch, int retry) throws Exception {
		return run(this.retryFailedJob, BatchJobs.retryParameters(batch, retry), batch);
	}

	boolean provisionCompleted(String batch) {
		return completed(this.provisionJob, BatchJobs.parameters(batch));
	}

	/** Whether the {@code retry}-th retry-failed run of the batch ran to its end. */
	boolean retryCompleted(String batch, int retry) {
		return completed(this.retryFailedJob, BatchJobs.retryParameters(batch, retry));
	}

	RunResult result(String batch, RunResult.State state, String failure) {
		return new RunResult(batch, state, this.reports.totals(batch), this.exporter.folderOf(batch), failure);
	}

	private boolean completed(Job job, JobParameters parameters) {
		JobExecution last = this.jobRepository.getLastJobExecution(job.getName(), parameters);
		return last != null && last.getStatus() == BatchStatus.COMPLETED;
	}

	private RunResult run(Job job, JobParameters parameters, String batch) throws Exception {
		JobExecution last = this.jobRepository.getLastJobExecution(job.getName(), parameters);
		if (last != null) {
			if (last.getStatus() == BatchStatus.COMPLETED) {
				if (this.reports.totals(batch).unfinished() > 0) {
					throw new BatchMismatchException("batch '" + batch + "' has a retry-failed run that did not "
							+ "finish: run 'retry-failed --batch " + batch + "' to finish it");
				}
				return result(batch, RunResult.State.ALREADY_FINISHED, null);
			}
			if (last.getStatus().isRunning()) {
				// the caller holds the batch's lock, so the process of that execution is
				// gone
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
		String kind = ((job == this.retryFailedJob) ? "retry-failed" : "provision")
				+ ((last != null) ? " (resumed)" : "");
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
			.map(RunFailures::describe)
			.distinct()
			.collect(Collectors.joining("; "));
		return result(batch, RunResult.State.FAILED,
				failure.isEmpty() ? "the run ended " + execution.getStatus() : failure);
	}

}
