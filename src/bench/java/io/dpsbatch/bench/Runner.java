package io.dpsbatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

import io.dpsbatch.emulator.EmulatorCounts;

/**
 * Runs scenarios: each in a fresh folder under target/bench/ (emulator state, H2 store,
 * output files, logs, GC log and, with --profile, JFR recordings of both processes and
 * their summary), an emulator of its own, and the jar's provision command against it.
 */
final class Runner {

	private final Workspace workspace;

	/** Results of this run by scenario, for verdicts that compare two scenarios. */
	private final Map<String, Result> done = new LinkedHashMap<>();

	Runner(Workspace workspace) {
		this.workspace = workspace;
	}

	/** A result and its verdict. */
	record Judged(Result result, String verdict) {
	}

	Judged run(Scenario scenario, int devices) throws Exception {
		Path dir = this.workspace.freshFolder(scenario.name());
		Path manifest = scenario.manifest(this.workspace, devices);
		Instant deadline = Instant.now().plus(scenario.timeLimit());
		try (Emulator emulator = Emulator.start(this.workspace, dir, scenario.emulator(),
				scenario.emulatorEnvironment(), deadline)) {
			ProcessBuilder builder = new ProcessBuilder(provisionCommand(scenario, dir, manifest, emulator))
				.directory(dir.toFile())
				.redirectOutput(dir.resolve("provision.out").toFile())
				.redirectError(dir.resolve("provision.log").toFile());
			// the group keys go by environment, never on a command line that ps shows
			builder.environment().put("DPS_GROUP_KEY", emulator.setting("dps.group-key"));
			builder.environment().putAll(scenario.clientEnvironment());
			long started = System.nanoTime();
			Process provision = builder.start();
			AtomicReference<Duration> clientCpu = new AtomicReference<>(Duration.ZERO);
			LongConsumer everySecond = this.workspace.profile()
					? (pid) -> Processes.dumpRecording(this.workspace, pid, dir.resolve("provision.jfr")) : (pid) -> {
					};
			int exit = Processes.waitFor(provision, deadline, clientCpu, everySecond);
			double wall = (System.nanoTime() - started) / 1e9;
			double emulatorCpu = emulator.cpu().toMillis() / 1000.0;
			Optional<EmulatorCounts> counts = emulator.counts();
			ProvisionLogs logs = ProvisionLogs.in(dir);
			Result result = new Result(scenario, devices, exit, wall,
					Json.summary(dir.resolve("out/bench/summary.json")), logs.registerStepRate(),
					logs.importRowsPerSecond(), logs.peakHeapMb(), logs.liveHeapMb(),
					clientCpu.get().toMillis() / 1000.0, emulatorCpu, emulator.ready(), counts);
			this.done.put(scenario.name(), result);
			if (this.workspace.profile()) {
				profile(dir);
			}
			return new Judged(result, result.incompleteness() + scenario.verdict(result, this.done));
		}
	}

	private List<String> provisionCommand(Scenario scenario, Path dir, Path manifest, Emulator emulator) {
		List<String> command = new ArrayList<>(List.of(this.workspace.java()));
		if (scenario.asLauncher()) {
			command.addAll(Scenario.LAUNCHER_JVM_OPTIONS);
		}
		command.addAll(List.of("-Xmx" + scenario.heap(), "-Xlog:gc:file=" + dir.resolve("gc.log"),
				"-Xlog:gc+heap+exit=info:file=" + dir.resolve("heap-exit.log")));
		if (this.workspace.profile()) {
			command.add("-XX:StartFlightRecording=filename=" + dir.resolve("provision.jfr") + ",settings=profile");
		}
		Path jar = this.workspace.jar();
		Path archive = this.workspace.launcherArchive();
		if (scenario.asLauncher() && Files.isRegularFile(archive)) {
			// as ./dps-batch runs it: the extracted jar and the class data archive it
			// prepared
			command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
			jar = archive.resolveSibling("dps-batch.jar");
		}
		command.addAll(List.of("-jar", jar.toString(), "provision", "--manifest", manifest.toString(), "--batch",
				"bench", "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("data/dps-batch"),
				"--batch.output-dir=" + dir.resolve("out")));
		for (String setting : List.of("global-endpoint", "id-scope", "trust-store", "trust-store-password",
				"trust-store-type")) {
			command.add("--dps." + setting + "=" + emulator.setting("dps." + setting));
		}
		scenario.client().forEach((setting, value) -> command.add("--dps." + setting + "=" + value));
		return command;
	}

	/**
	 * Where the CPU time of both processes went, in profile.txt and on standard error.
	 */
	private static void profile(Path dir) throws Exception {
		StringBuilder profiles = new StringBuilder();
		for (String process : List.of("provision", "emulator")) {
			Path jfr = dir.resolve(process + ".jfr");
			if (Files.isRegularFile(jfr) && Files.size(jfr) > 0) {
				profiles.append(Profile.summarise(jfr));
			}
		}
		Files.writeString(dir.resolve("profile.txt"), profiles);
		System.err.print(profiles);
	}

}
