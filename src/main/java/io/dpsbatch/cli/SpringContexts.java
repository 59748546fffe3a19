package io.dpsbatch.cli;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the Spring context a command needs, once its options are parsed. Commands that touch the
 * results store get the whole application; {@code derive-key} and {@code emulator} get a light context
 * with only the configuration properties, so they never create or open a database.
 */
final class SpringContexts {

	private final Class<?> application;

	private final String[] propertyArgs;

	SpringContexts(Class<?> application, String[] propertyArgs) {
		this.application = application;
		this.propertyArgs = propertyArgs;
	}

	<T> T withApplication(Map<String, Object> properties, ContextWork<T> work) throws Exception {
		return run(this.application, properties, work);
	}

	<T> T withConfigurationOnly(ContextWork<T> work) throws Exception {
		return run(ConfigurationOnly.class, Map.of(), work);
	}

	private <T> T run(Class<?> source, Map<String, Object> properties, ContextWork<T> work) throws Exception {
		Map<String, Object> defaults = new HashMap<>(properties);
		defaults.put("spring.batch.job.enabled", "false");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(source)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties(defaults)
			.run(this.propertyArgs)) {
			return work.apply(context);
		}
	}

	/** What a command does with its context. */
	@FunctionalInterface
	interface ContextWork<T> {

		T apply(ConfigurableApplicationContext context) throws Exception;

	}

}
