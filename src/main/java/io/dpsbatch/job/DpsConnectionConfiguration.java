package io.dpsbatch.job;

import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the DPS instance of a run. With {@code dpsbatch.embedded-emulator=true} (set by
 * {@code provision --emulator}) the embedded emulator is started in this process and the run is pointed
 * at it: its endpoint, ID scope, group key and trust store replace the configured ones.
 */
@Configuration(proxyBeanMethods = false)
class DpsConnectionConfiguration {

	static final String EMBEDDED_EMULATOR = "dpsbatch.embedded-emulator";

	@Bean(destroyMethod = "close")
	@ConditionalOnBooleanProperty(EMBEDDED_EMULATOR)
	DpsEmulator embeddedEmulator(EmulatorProperties properties) {
		return DpsEmulator.start(properties);
	}

	@Bean
	DpsConnection dpsConnection(DpsProperties properties, ObjectProvider<DpsEmulator> emulator) {
		DpsEmulator embedded = emulator.getIfAvailable();
		if (embedded == null) {
			return new DpsConnection(properties);
		}
		return new DpsConnection(properties
			.withEndpoint(embedded.endpoint(), embedded.idScope(), embedded.trustStore(), embedded.trustStorePassword(),
					embedded.trustStoreType())
			.withGroupKey(embedded.groupKey()));
	}

}
