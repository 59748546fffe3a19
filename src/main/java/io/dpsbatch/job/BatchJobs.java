package io.dpsbatch.job;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The jobs' names and parameters. A batch is one job instance of {@value #NAME},
 * identified by the batch name alone: running the same batch again restarts that
 * instance. Each {@code retry-failed} run of a batch is an instance of
 * {@value #RETRY_NAME}, identified by the batch name and its number (a finished instance
 * cannot run again). Nothing secret is ever a parameter.
 */
public final class BatchJobs {

	static final String NAME = "provision";

	static final String RETRY_NAME = "retry-failed";

	public static final String BATCH = "batch";

	static final String RETRY = "retry";

	private BatchJobs() {
	}

	static JobParameters parameters(String batch) {
		return new JobParametersBuilder().addString(BATCH, batch).toJobParameters();
	}

	/** The parameters of the {@code retry}-th retry-failed run of a batch (from 1). */
	static JobParameters retryParameters(String batch, int retry) {
		return new JobParametersBuilder().addString(BATCH, batch).addLong(RETRY, (long) retry).toJobParameters();
	}

}
