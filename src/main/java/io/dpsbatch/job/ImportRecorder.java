package io.dpsbatch.job;

import java.time.Clock;

import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.DeviceImport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Keeps the store's account of the import step. An import from a database that did not
 * finish starts again from an empty batch (a query cannot be resumed in the middle, see
 * JdbcManifestReader); an import that finished is recorded, which makes a database batch
 * a snapshot that is never read again.
 */
class ImportRecorder implements StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ImportRecorder.class);

	private final BatchRepository batches;

	private final DeviceImport deviceImport;

	private final Clock clock;

	ImportRecorder(BatchRepository batches, DeviceImport deviceImport, Clock clock) {
		this.batches = batches;
		this.deviceImport = deviceImport;
		this.clock = clock;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		String batch = batch(stepExecution);
		boolean fromDatabase = this.batches.findBatch(batch).map((record) -> record.fromDatabase()).orElse(false);
		if (fromDatabase) {
			int discarded = this.deviceImport.discardImport(batch);
			if (discarded > 0) {
				logger.info("{}: the import from the database did not finish; it starts again from the first row "
						+ "({} rows read before are discarded)", batch, discarded);
			}
		}
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
			this.batches.markImported(batch(stepExecution), this.clock.instant());
		}
		return stepExecution.getExitStatus();
	}

	private static String batch(StepExecution stepExecution) {
		return stepExecution.getJobParameters().getString(BatchJobs.BATCH);
	}

}
