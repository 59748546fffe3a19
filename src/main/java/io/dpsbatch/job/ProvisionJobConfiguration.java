package io.dpsbatch.job;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.dpsbatch.manifest.CsvManifestReader;
import io.dpsbatch.manifest.ManifestRow;
import io.dpsbatch.manifest.ManifestRowValidator;
import io.dpsbatch.results.BatchExporter;
import io.dpsbatch.results.ImportedRow;
import io.dpsbatch.results.ResultsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The provisioning job: import the manifest into the results store, register the PENDING devices,
 * export the output files. The store is the process indicator: each step reads what the store says is
 * left to do, so a restart after any crash continues from it.
 */
@Configuration(proxyBeanMethods = false)
class ProvisionJobConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ProvisionJobConfiguration.class);

	/** Rows per import transaction: large enough that the per-transaction costs (commit, step metadata) fade. */
	static final int IMPORT_CHUNK = 2000;

	@Bean
	Job provisionJob(JobRepository jobRepository, Step importStep, Step registerStep, Step exportStep) {
		return new JobBuilder(ProvisionJob.NAME, jobRepository).start(importStep)
			.next(registerStep)
			.next(exportStep)
			.build();
	}

	@Bean
	Step importStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			CsvManifestReader manifestReader, DeviceImportWriter deviceImportWriter) {
		ManifestRowValidator validator = new ManifestRowValidator();
		return new StepBuilder("import", jobRepository).<ManifestRow, ImportedRow>chunk(IMPORT_CHUNK)
			.transactionManager(transactionManager)
			.reader(manifestReader)
			.processor((row) -> new ImportedRow(row.line(), row.registrationId(), row.payload(), row.attributes(),
					validator.problemWith(row).orElse(null)))
			.writer(deviceImportWriter)
			.listener(new ImportProgress(Clock.systemUTC(), Duration.ofSeconds(5)))
			.build();
	}

	@Bean
	@StepScope
	DeviceImportWriter deviceImportWriter(@Value("#{jobParameters['" + ProvisionJob.BATCH + "']}") String batch,
			ResultsStore store) {
		return new DeviceImportWriter(batch, store);
	}

	@Bean
	@StepScope
	CsvManifestReader manifestReader(@Value("#{jobParameters['" + ProvisionJob.BATCH + "']}") String batch,
			ResultsStore store) {
		// the manifest is found through the store, so the batch name is the job's only parameter
		String source = store.findBatch(batch)
			.orElseThrow(() -> new IllegalStateException("batch '" + batch + "' is not in the results store"))
			.source();
		return new CsvManifestReader(Path.of(source));
	}

	@Bean
	Step registerStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			RegistrationTasklet registrationTasklet) {
		return new StepBuilder("register", jobRepository).tasklet(registrationTasklet, transactionManager)
			.listener(registrationTasklet)
			.build();
	}

	@Bean
	@StepScope
	RegistrationTasklet registrationTasklet(@Value("#{jobParameters['" + ProvisionJob.BATCH + "']}") String batch,
			ResultsStore store, DpsConnection dps, PlatformTransactionManager transactionManager) {
		return new RegistrationTasklet(batch, store, dps, transactionManager);
	}

	@Bean
	Step exportStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, BatchExporter exporter,
			DpsConnection dps) {
		return new StepBuilder("export", jobRepository).tasklet((contribution, context) -> {
			String batch = (String) context.getStepContext().getJobParameters().get(ProvisionJob.BATCH);
			logger.info("{}: writing the output files", batch);
			BatchExporter.ExportedFiles files = exporter.export(batch, dps.keys());
			logger.info("{}: files written to {}", batch, files.folder());
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

}
