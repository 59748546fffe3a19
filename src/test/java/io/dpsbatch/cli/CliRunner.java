package io.dpsbatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dpsbatch.DpsBatchApplication;
import io.dpsbatch.emulator.DpsEmulator;

/**
 * Runs the command line in this JVM, as {@code java -jar dps-batch.jar ...} would, with
 * its own results store and output folder, pointed at an emulator.
 */
final class CliRunner {

	private final Path workDir;

	private final List<String> settings = new ArrayList<>();

	CliRunner(Path workDir) {
		this.workDir = workDir;
		this.settings.add("--spring.datasource.url=jdbc:h2:file:" + workDir.resolve("data/dps-batch"));
		this.settings.add("--batch.output-dir=" + workDir.resolve("out"));
		this.settings.add("--dps.registrations-per-minute=60000");
		this.settings.add("--dps.max-attempts=3");
		this.settings.add("--emulator.state-dir=" + workDir.resolve("emulator"));
		// for runs with --emulator: Retry-After 1 instead of DPS's 3, for speed
		this.settings.add("--emulator.retry-after=1");
	}

	CliRunner against(DpsEmulator emulator) {
		return with("--dps.global-endpoint=" + emulator.endpoint()).with("--dps.id-scope=" + emulator.idScope())
			.with("--dps.group-key=" + emulator.groupKey())
			.with("--dps.trust-store=" + emulator.trustStore())
			.with("--dps.trust-store-password=" + emulator.trustStorePassword())
			.with("--dps.trust-store-type=" + emulator.trustStoreType());
	}

	/**
	 * Adds or replaces a {@code --name=value} setting (Spring Boot would join repeated
	 * ones into a list).
	 */
	CliRunner with(String setting) {
		String name = setting.substring(0, setting.indexOf('=') + 1);
		this.settings.removeIf((existing) -> existing.startsWith(name));
		this.settings.add(setting);
		return this;
	}

	Path outputOf(String batch) {
		return this.workDir.resolve("out").resolve(batch);
	}

	Result run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = Cli.run(DpsBatchApplication.class, new PrintWriter(out, true), new PrintWriter(err, true),
				arguments(args).toArray(String[]::new));
		return new Result(exit, out.toString(), err.toString());
	}

	/**
	 * The same command line, for {@code java -jar dps-batch.jar} in a process of its own.
	 */
	JarProcess start(String... args) {
		return JarProcess.start(this.workDir, arguments(args));
	}

	/** The command line of a run: the command's arguments, then the settings. */
	List<String> arguments(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(this.settings);
		return all;
	}

	/**
	 * A manifest of {@code devices} generated devices, {@code fleet-dev-00000} onwards:
	 * batch "fleet".
	 */
	static Path fleetManifest(Path folder, int devices) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("registrationId,serialNumber");
		for (int i = 0; i < devices; i++) {
			lines.add(String.format("fleet-dev-%05d,SN-%05d", i, i));
		}
		return Files.write(folder.resolve("fleet.csv"), lines, StandardCharsets.UTF_8);
	}

	static Map<String, String> emulatorSettings(Path stateDir) {
		// Retry-After 1 instead of DPS's 3, for speed
		return Map.of("emulator.state-dir", stateDir.toString(), "emulator.assignment-delay", "100ms",
				"emulator.registrations-per-minute", "0", "emulator.retry-after", "1");
	}

	record Result(int exitCode, String out, String err) {

		@Override
		public String toString() {
			return "exit " + this.exitCode + "\n--- out\n" + this.out + "--- err\n" + this.err;
		}

	}

}
