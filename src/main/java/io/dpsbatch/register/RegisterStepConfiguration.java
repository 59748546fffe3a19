package io.dpsbatch.register;

import java.time.Clock;

import io.dpsbatch.job.BatchName;
import io.dpsbatch.job.ProvisioningTarget;
import io.dpsbatch.job.StopProperties;
import io.dpsbatch.job.StopRequest;
import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.DeviceQueue;
import io.dpsbatch.store.DeviceResults;
import io.dpsbatch.store.LineOutcome;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.listener.CompositeItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The register step, which the provisioning and retry-failed jobs share. Its parts are
 * step-scoped: each step execution gets its own window (and DPS client, closed with the
 * step), reader, writer and listeners.
 */
@Configuration(proxyBeanMethods = false)
class RegisterStepConfiguration {

	/**
	 * The step: the tasklet, the reader's stream (it returns unfinished devices to the
	 * queue as the step opens) and the listeners that act as the step ends. After the
	 * step they are called in reverse: the last traffic bucket is written, then the last
	 * progress line drawn.
	 */
	@Bean
	Step registerStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			RegistrationTasklet registrationTasklet, PendingDeviceReader pendingDeviceReader,
			RegistrationProgress registrationProgress, TrafficBuckets trafficBuckets) {
		return new StepBuilder("register", jobRepository).tasklet(registrationTasklet, transactionManager)
			.stream(pendingDeviceReader)
			.listener((StepExecutionListener) registrationProgress)
			.listener((StepExecutionListener) trafficBuckets)
			.build();
	}

	/**
	 * The tasklet, with the listeners of every write of outcomes: the batch's traffic
	 * counters, the report's traffic buckets, the progress.
	 */
	@Bean
	@StepScope
	RegistrationTasklet registrationTasklet(@BatchName String batch, PendingDeviceReader pendingDeviceReader,
			InFlightWindow inFlightWindow, OutcomeWriter outcomeWriter, TrafficCounters trafficCounters,
			TrafficBuckets trafficBuckets, RegistrationProgress registrationProgress, StopRequest stopRequest,
			StopProperties stopProperties) {
		CompositeItemWriteListener<LineOutcome> writeListeners = new CompositeItemWriteListener<>();
		writeListeners.register(trafficCounters);
		writeListeners.register(trafficBuckets);
		writeListeners.register(registrationProgress);
		return new RegistrationTasklet(batch, pendingDeviceReader, inFlightWindow, outcomeWriter, writeListeners,
				stopRequest, stopProperties.drainLimit());
	}

	/** The devices with DPS; closing it as the step ends closes the run's DPS client. */
	@Bean
	@StepScope
	InFlightWindow inFlightWindow(@BatchName String batch, ProvisioningTarget dps, DeviceQueue queue,
			PlatformTransactionManager transactionManager, RegistrationMetrics metrics, Clock clock) {
		InFlightWindow window = new InFlightWindow(batch, dps.openRegistrar(), dps.properties().maxInFlight(),
				dps.enrollments(), queue, transactionManager, clock);
		metrics.clientOpened(window.opened());
		return window;
	}

	@Bean
	@StepScope
	PendingDeviceReader pendingDeviceReader(@BatchName String batch, DeviceQueue queue,
			PlatformTransactionManager transactionManager) {
		return new PendingDeviceReader(batch, queue, transactionManager);
	}

	@Bean
	@StepScope
	OutcomeWriter outcomeWriter(@BatchName String batch, DeviceQueue queue) {
		return new OutcomeWriter(batch, queue);
	}

	@Bean
	@StepScope
	TrafficCounters trafficCounters(@BatchName String batch, BatchRepository batches, InFlightWindow inFlightWindow) {
		return new TrafficCounters(batch, batches, inFlightWindow);
	}

	@Bean
	@StepScope
	TrafficBuckets trafficBuckets(@BatchName String batch, BatchHistory history, InFlightWindow inFlightWindow,
			Clock clock) {
		return new TrafficBuckets(batch, history, clock, inFlightWindow);
	}

	@Bean
	@StepScope
	RegistrationProgress registrationProgress(@BatchName String batch, DeviceResults reports,
			ProgressProperties progress, RegistrationMetrics metrics, InFlightWindow inFlightWindow, Clock clock) {
		return RegistrationProgress.start(batch, reports.totals(batch), progress, metrics, inFlightWindow, clock);
	}

}
