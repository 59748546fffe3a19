package io.dpsbatch.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the emulator of {@link WithEmulator} for a test and closes it, with its state
 * folder, when the test ends (the emulator lives in the test's own store, which JUnit
 * closes after the test's {@code @AfterEach} methods).
 */
final class EmulatorExtension implements ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(EmulatorExtension.class);

	/**
	 * The tests' defaults: fast assignment, Retry-After 1 instead of DPS's 3, no quota.
	 */
	private static final Map<String, String> DEFAULTS = Map.of("emulator.assignment-delay", "100ms",
			"emulator.registrations-per-minute", "0", "emulator.retry-after", "1");

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == DpsEmulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return context.getStore(NAMESPACE)
			.computeIfAbsent(RunningEmulator.class, (key) -> RunningEmulator.start(settings(context)),
					RunningEmulator.class)
			.emulator();
	}

	private static Map<String, String> settings(ExtensionContext context) {
		Map<String, String> settings = new LinkedHashMap<>(DEFAULTS);
		add(settings,
				context.getTestClass().flatMap((type) -> AnnotationSupport.findAnnotation(type, WithEmulator.class)));
		add(settings, context.getTestMethod()
			.flatMap((method) -> AnnotationSupport.findAnnotation(method, WithEmulator.class)));
		return settings;
	}

	private static void add(Map<String, String> settings, Optional<WithEmulator> annotation) {
		annotation.ifPresent((with) -> Stream.of(with.value()).forEach((setting) -> {
			int equals = setting.indexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException("@WithEmulator settings are name=value: " + setting);
			}
			String name = setting.substring(0, equals).strip();
			settings.put(name.startsWith("emulator.") ? name : "emulator." + name,
					setting.substring(equals + 1).strip());
		}));
	}

	/** An emulator and the state folder it alone uses. */
	private record RunningEmulator(DpsEmulator emulator, Path stateDir) implements AutoCloseable {

		static RunningEmulator start(Map<String, String> settings) {
			try {
				Path stateDir = Files.createTempDirectory("dps-emulator-");
				Map<String, String> all = new LinkedHashMap<>(settings);
				all.put("emulator.state-dir", stateDir.toString());
				return new RunningEmulator(DpsEmulator.start(EmulatorProperties.bind(all), Clock.systemUTC()),
						stateDir);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public void close() throws IOException {
			this.emulator.close();
			try (Stream<Path> files = Files.walk(this.stateDir)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}

	}

}
