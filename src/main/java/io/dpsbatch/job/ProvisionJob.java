package io.dpsbatch.job;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The provisioning job's name and parameters. A batch is one job instance, identified by the batch name
 * alone: running the same batch again restarts that instance. Nothing secret is ever a parameter.
 */
public final class ProvisionJob {

	public static final String NAME = "provision";

	public static final String BATCH = "batch";

	private ProvisionJob() {
	}

	public static JobParameters parameters(String batch) {
		return new JobParametersBuilder().addString(BATCH, batch).toJobParameters();
	}

}
