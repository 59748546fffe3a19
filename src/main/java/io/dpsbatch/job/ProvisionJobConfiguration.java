package io.dpsbatch.job;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.dpsbatch.manifest.CsvManifestReader;
import io.dpsbatch.manifest.ManifestDatabase;
import io.dpsbatch.manifest.ManifestRow;
import io.dpsbatch.output.BatchExporter;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.DeviceImport;
import io.dpsbatch.store.DeviceQueue;
import io.dpsbatch.store.DeviceReservations;
import io.dpsbatch.store.ImportedRow;
import io.dpsbatch.store.RunLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The provisioning job: import the manifest into the results store, reserve the devices
 * to register (so no batch running at the same time sends them too), register the PENDING
 * devices, export the output files. The retry-failed job puts a batch's failures back to
 * PENDING and does the last three steps again. The store is the process indicator: each
 * step reads what the store says is left to do, so a restart after any crash continues
 * from it.
 */
@Configuration(proxyBeanMethods = false)
class ProvisionJobConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ProvisionJobConfiguration.class);

	/**
	 * Rows per import transaction: large enough that the per-transaction costs (commit,
	 * step metadata) fade.
	 */
	static final int IMPORT_CHUNK = 2000;

	@Bean
	Job provisionJob(JobRepository jobRepository, Step importStep, Step reserveStep, Step registerStep, Step exportStep,
			DeviceReservations reservations) {
		return new JobBuilder(BatchJobs.NAME, jobRepository).start(importStep)
			.next(reserveStep)
			.next(registerStep)
			.next(exportStep)
			.listener(releaseReservations(reservations))
			.build();
	}

	/**
	 * retry-failed: the failures back to PENDING, then the same steps as a provisioning
	 * run.
	 */
	@Bean
	Job retryFailedJob(JobRepository jobRepository, Step resetStep, Step reserveStep, Step registerStep,
			Step exportStep, DeviceReservations reservations) {
		return new JobBuilder(BatchJobs.RETRY_NAME, jobRepository).start(resetStep)
			.next(reserveStep)
			.next(registerStep)
			.next(exportStep)
			.listener(releaseReservations(reservations))
			.build();
	}

	/**
	 * Reservations count only while their run is live; a run gives them up as it ends,
	 * however it ends.
	 */
	private static JobExecutionListener releaseReservations(DeviceReservations reservations) {
		return new JobExecutionListener() {
			@Override
			public void afterJob(JobExecution jobExecution) {
				reservations.release(jobExecution.getJobParameters().getString(BatchJobs.BATCH));
			}
		};
	}

	@Bean
	Step importStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			AbstractItemCountingItemStreamItemReader<ManifestRow> manifestReader, DeviceImportWriter deviceImportWriter,
			BatchRepository batches, DeviceImport deviceImport, StopRequest stopRequest, ProvisioningTarget dps,
			Clock clock) {
		return new StepBuilder("import", jobRepository).<ManifestRow, ImportedRow>chunk(IMPORT_CHUNK)
			.transactionManager(transactionManager)
			.reader(manifestReader)
			.processor(new ManifestRowImport(dps::enrollments))
			.writer(deviceImportWriter)
			.listener(new ImportProgress(clock, Duration.ofSeconds(5)))
			.listener(new ImportRecorder(batches, deviceImport, clock))
			.interruptionPolicy(stopRequest)
			.build();
	}

	/**
	 * Runs on every execution: reservations are those of a live run, so a resumed run
	 * reserves again.
	 */
	@Bean
	Step reserveStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ReservationTasklet reservationTasklet) {
		return new StepBuilder("reserve", jobRepository).tasklet(reservationTasklet, transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	@StepScope
	ReservationTasklet reservationTasklet(@BatchName String batch, DeviceReservations reservations, RunLocks locks,
			OverlapProperties overlap, Clock clock) {
		return new ReservationTasklet(batch, reservations, locks, overlap.waitForOtherRuns(), clock);
	}

	@Bean
	Step resetStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, DeviceQueue queue) {
		return new StepBuilder("reset", jobRepository).tasklet((contribution, context) -> {
			String batch = (String) context.getStepContext().getJobParameters().get(BatchJobs.BATCH);
			int reset = queue.resetNotAssigned(batch);
			logger.info("{}: {} device(s) that DPS did not assign are tried again, each looked up first", batch, reset);
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean
	@StepScope
	DeviceImportWriter deviceImportWriter(@BatchName String batch, DeviceImport deviceImport) {
		return new DeviceImportWriter(batch, deviceImport);
	}

	@Bean
	@StepScope
	AbstractItemCountingItemStreamItemReader<ManifestRow> manifestReader(@BatchName String batch,
			BatchRepository batches, ManifestDatabase database) {
		// the manifest is found through the store, so the batch name is the job's only
		// parameter
		BatchRecord record = batches.batch(batch);
		return record.fromDatabase() ? database.reader() : new CsvManifestReader(Path.of(record.source()));
	}

	@Bean
	Step exportStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, BatchExporter exporter,
			ProvisioningTarget dps) {
		return new StepBuilder("export", jobRepository).tasklet((contribution, context) -> {
			String batch = (String) context.getStepContext().getJobParameters().get(BatchJobs.BATCH);
			logger.info("{}: writing the output files", batch);
			BatchExporter.ExportedFiles files = exporter.export(batch, dps.enrollments());
			logger.info("{}: files written to {}", batch, files.folder());
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

}
