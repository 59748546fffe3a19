package io.dpsbatch.cli;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's one {@link Clock}, UTC: every class that reads the time takes it by
 * constructor, so a test can give it another. Part of the whole application and of the
 * light context ({@link ConfigurationOnly}).
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
