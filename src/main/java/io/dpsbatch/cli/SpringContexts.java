package io.dpsbatch.cli;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the Spring context a command needs, once its options are parsed. Commands that
 * touch the results store get the whole application; {@code derive-key} and
 * {@code emulator} get a light context with only the configuration properties, so they
 * never create or open a database.
 */
final class SpringContexts {

	private final Class<?> application;

	private final String[] propertyArgs;

	SpringContexts(Class<?> application, String[] propertyArgs) {
		this.application = application;
		this.propertyArgs = propertyArgs;
	}

	/** Runs the work with the whole application, through its {@link CommandServices}. */
	<T> T withApplication(Map<String, Object> properties, ContextWork<CommandServices, T> work) throws Exception {
		// no web server unless configuration asks for one (the "metrics" profile serves
		// Prometheus)
		return run(this.application, properties, this.propertyArgs, CommandServices.class, work);
	}

	/** Runs the work with the configuration properties alone. */
	<T> T withConfigurationOnly(ContextWork<ConfigurationOnly.Settings, T> work) throws Exception {
		// never a web server here, whatever profile is active: this context has no
		// auto-configuration
		String[] args = Arrays.copyOf(this.propertyArgs, this.propertyArgs.length + 1);
		args[args.length - 1] = "--spring.main.web-application-type=" + WebApplicationType.NONE.name().toLowerCase();
		return run(ConfigurationOnly.class, Map.of(), args, ConfigurationOnly.Settings.class, work);
	}

	private <S, T> T run(Class<?> source, Map<String, Object> properties, String[] args, Class<S> services,
			ContextWork<S, T> work) throws Exception {
		Map<String, Object> defaults = new HashMap<>(properties);
		defaults.put("spring.batch.job.enabled", "false");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(source).bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties(defaults)
			.run(args)) {
			return work.apply(context.getBean(services));
		}
	}

	/** What a command does with what its context gives it. */
	@FunctionalInterface
	interface ContextWork<S, T> {

		T apply(S services) throws Exception;

	}

}
