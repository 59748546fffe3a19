package io.dpsbatch.cli;

import java.util.Arrays;
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
		// no web server unless configuration asks for one (the "metrics" profile serves Prometheus)
		return run(this.application, properties, this.propertyArgs, work);
	}

	<T> T withConfigurationOnly(ContextWork<T> work) throws Exception {
		// never a web server here, whatever profile is active: this context has no auto-configuration
		String[] args = Arrays.copyOf(this.propertyArgs, this.propertyArgs.length + 1);
		args[args.length - 1] = "--spring.main.web-application-type=" + WebApplicationType.NONE.name().toLowerCase();
		return run(ConfigurationOnly.class, Map.of(), args, work);
	}

	private <T> T run(Class<?> source, Map<String, Object> properties, String[] args, ContextWork<T> work)
			throws Exception {
		Map<String, Object> defaults = new HashMap<>(properties);
		defaults.put("spring.batch.job.enabled", "false");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(source)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties(defaults)
			.run(args)) {
			return work.apply(context);
		}
	}

	/** What a command does with its context. */
	@FunctionalInterface
	interface ContextWork<T> {

		T apply(ConfigurableApplicationContext context) throws Exception;

	}

}
