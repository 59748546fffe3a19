package io.dpsbatch.cli;

import java.time.Clock;

import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.emulator.EmulatorProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The light context: configuration properties and nothing that opens a database or a
 * port.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ DpsProperties.class, EmulatorProperties.class })
@Import(ClockConfiguration.class)
class ConfigurationOnly {

	@Bean
	Settings settings(DpsProperties dps, EmulatorProperties emulator, Clock clock) {
		return new Settings(dps, emulator, clock);
	}

	/** What {@code derive-key} and {@code emulator} read of the configuration. */
	record Settings(DpsProperties dps, EmulatorProperties emulator, Clock clock) {
	}

}
