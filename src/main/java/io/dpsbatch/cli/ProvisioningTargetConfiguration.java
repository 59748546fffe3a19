package io.dpsbatch.cli;

import java.time.Clock;

import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorProperties;
import io.dpsbatch.enrollment.EnrollmentProperties;
import io.dpsbatch.job.ProvisioningTarget;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the DPS instance of a run: the configured one, or, with {@code --emulator}
 * (which sets {@value #EMBEDDED_EMULATOR}), the embedded emulator, started in this
 * process; its endpoint, ID scope, group key and trust store then replace the configured
 * ones (its group key too, unless {@code dps.enrollment-group-id} asks for the check
 * through its service API), and each {@code dps.enrollments.<name>} is pointed at the
 * emulator's enrollment of the same name.
 */
@Configuration(proxyBeanMethods = false)
class ProvisioningTargetConfiguration {

	static final String EMBEDDED_EMULATOR = "dpsbatch.embedded-emulator";

	@Bean(destroyMethod = "close")
	@ConditionalOnBooleanProperty(EMBEDDED_EMULATOR)
	DpsEmulator embeddedEmulator(EmulatorProperties properties, Clock clock) {
		return DpsEmulator.start(properties, clock);
	}

	@Bean(destroyMethod = "close")
	ProvisioningTarget provisioningTarget(DpsProperties properties, EnrollmentProperties enrollments,
			ObjectProvider<DpsEmulator> emulator, Clock clock) {
		DpsEmulator embedded = emulator.getIfAvailable();
		if (embedded == null) {
			return new ProvisioningTarget(properties, enrollments, clock);
		}
		// every dps.enrollments.<name> becomes the emulator's enrollment of that name
		DpsProperties atEmulator = properties.withEndpoint(embedded.endpoint(), embedded.idScope(),
				embedded.trustStore(), embedded.trustStorePassword(), embedded.trustStoreType());
		return new ProvisioningTarget(
				EnrollmentsAtEmulator.checksGroup(enrollments.enrollmentGroupId()) ? atEmulator
						: atEmulator.withGroupKey(embedded.groupKey()),
				EnrollmentsAtEmulator.pointedAt(enrollments, embedded.endpoint(), embedded.enrollments(),
						embedded.serviceConnectionStrings()),
				clock);
	}

}
