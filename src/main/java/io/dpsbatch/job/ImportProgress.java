package io.dpsbatch.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.dpsbatch.manifest.ManifestRow;
import io.dpsbatch.store.ImportedRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Says how the import of a large manifest is going: rows read so far, every few seconds.
 */
class ImportProgress implements StepExecutionListener, ChunkListener<ManifestRow, ImportedRow> {

	private static final Logger logger = LoggerFactory.getLogger(ImportProgress.class);

	private final Clock clock;

	private final Duration interval;

	private StepExecution step;

	private Instant lastReport;

	private Instant started;

	ImportProgress(Clock clock, Duration interval) {
		this.clock = clock;
		this.interval = interval;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.step = stepExecution;
		this.started = this.clock.instant();
		this.lastReport = this.started;
		logger.info("{}: importing the manifest", batch(stepExecution));
	}

	@Override
	public void afterChunk(Chunk<ImportedRow> chunk) {
		Instant now = this.clock.instant();
		if (this.step != null && Duration.between(this.lastReport, now).compareTo(this.interval) >= 0) {
			this.lastReport = now;
			logger.info("{}: {} rows imported", batch(this.step), this.step.getWriteCount());
		}
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
			double seconds = Math.max(Duration.between(this.started, this.clock.instant()).toMillis(), 1) / 1000.0;
			logger.info("{}: import done, {} rows in {} s ({} rows/s)", batch(stepExecution),
					stepExecution.getWriteCount(), String.format(Locale.ROOT, "%.1f", seconds),
					String.format(Locale.ROOT, "%.0f", stepExecution.getWriteCount() / seconds));
		}
		else {
			logger.info("{}: import {} after {} rows; it continues from there when the batch resumes",
					batch(stepExecution), stepExecution.getStatus().name().toLowerCase(),
					stepExecution.getWriteCount());
		}
		return stepExecution.getExitStatus();
	}

	private static Object batch(StepExecution stepExecution) {
		return stepExecution.getJobParameters().getString(BatchJobs.BATCH);
	}

}
