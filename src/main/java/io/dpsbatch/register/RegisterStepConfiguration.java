package io.dpsbatch.register;

import java.time.Clock;

import io.dpsbatch.job.BatchJobs;
import io.dpsbatch.job.DpsTarget;
import io.dpsbatch.job.StopProperties;
import io.dpsbatch.job.StopRequest;
import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.DeviceQueue;
import io.dpsbatch.store.DeviceResults;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The register step, which the provisioning and retry-failed jobs share. */
@Configuration(proxyBeanMethods = false)
class RegisterStepConfiguration {

	@Bean
	Step registerStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			PendingDeviceReader pendingDeviceReader, RegistrationTasklet registrationTasklet) {
		return new StepBuilder("register", jobRepository).tasklet(registrationTasklet, transactionManager)
			.stream(pendingDeviceReader)
			.listener(registrationTasklet)
			.build();
	}

	@Bean
	@StepScope
	PendingDeviceReader pendingDeviceReader(@Value("#{jobParameters['" + BatchJobs.BATCH + "']}") String batch,
			DeviceQueue queue, PlatformTransactionManager transactionManager) {
		return new PendingDeviceReader(batch, queue, transactionManager, Clock.systemUTC());
	}

	@Bean
	@StepScope
	RegistrationTasklet registrationTasklet(@Value("#{jobParameters['" + BatchJobs.BATCH + "']}") String batch,
			PendingDeviceReader pendingDeviceReader, DpsTarget dps, DeviceQueue queue, BatchRepository batches,
			DeviceResults reports, BatchHistory history, RegistrationMetrics metrics, ProgressProperties progress,
			StopRequest stopRequest, StopProperties stopProperties) {
		return new RegistrationTasklet(batch, pendingDeviceReader, dps,
				new RegistrationTasklet.RegisterStepParts(queue, batches, reports, history, metrics, progress),
				stopRequest, stopProperties.drainLimit());
	}

}
