package io.dpsbatch.cli;

import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorProperties;
import io.dpsbatch.job.DpsTarget;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the DPS instance of a run: the configured one, or, with {@code --emulator} (which sets
 * {@value #EMBEDDED_EMULATOR}), the embedded emulator, started in this process; its endpoint, ID scope, group
 * key and trust store then replace the configured ones.
 */
@Configuration(proxyBeanMethods = false)
class DpsTargetConfiguration {

	static final String EMBEDDED_EMULATOR = "dpsbatch.embedded-emulator";

	@Bean(destroyMethod = "close")
	@ConditionalOnBooleanProperty(EMBEDDED_EMULATOR)
	DpsEmulator embeddedEmulator(EmulatorProperties properties) {
		return DpsEmulator.start(properties);
	}

	@Bean
	DpsTarget dpsTarget(DpsProperties properties, ObjectProvider<DpsEmulator> emulator) {
		DpsEmulator embedded = emulator.getIfAvailable();
		if (embedded == null) {
			return new DpsTarget(properties);
		}
		return new DpsTarget(properties
			.withEndpoint(embedded.endpoint(), embedded.idScope(), embedded.trustStore(), embedded.trustStorePassword(),
					embedded.trustStoreType())
			.withGroupKey(embedded.groupKey()));
	}

}
