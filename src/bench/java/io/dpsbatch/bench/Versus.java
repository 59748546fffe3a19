package io.dpsbatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run.sh versus}: the same batch on the same emulator settings (assignment 1
 * s, {@code Retry-After: 1}, no quota) provisioned by dps-batch and by Microsoft's Java
 * device SDK (bench/SdkPeer.java, a thread per device in flight, as its samples do), at
 * several in-flight budgets. Each run is a fresh JVM and a fresh emulator; wall time
 * includes the JVM's start, CPU is user + sys of the client's process. The SDK runs with
 * the JVM's defaults and with the launcher's options; the better of the two is the one to
 * beat.
 */
final class Versus {

	static final String NAME = "versus";

	static final int DEVICES = 10_000;

	/** The in-flight budgets compared unless {@code --in-flight=N,M} says otherwise. */
	static final List<Integer> BUDGETS = List.of(64, 256, 1024);

	static final Map<String, String> EMULATOR = Scenario.emulator(0, "1s", 1);

	static final Duration TIME_LIMIT = Duration.ofMinutes(20);

	private static final String DPS_BATCH = "dps-batch";

	private static final Pattern ASSIGNED = Pattern.compile("assigned=(\\d+)");

	record Row(String client, String jvm, int inFlight, int devices, long assigned, double wallSeconds,
			double cpuSeconds) {

		double devicesPerSecond() {
			return this.assigned / this.wallSeconds;
		}

		double cpuMillisPerDevice() {
			return 1000 * this.cpuSeconds / Math.max(1, this.assigned);
		}

		String describe() {
			return String.format(Locale.ROOT,
					"%s (%s) at %d in flight: %d of %d assigned in %.1f s, %.1f devices/s, " + "%.2f ms CPU per device",
					this.client, this.jvm.isEmpty() ? "JVM defaults" : this.jvm, this.inFlight, this.assigned,
					this.devices, this.wallSeconds, devicesPerSecond(), cpuMillisPerDevice());
		}

	}

	private final Workspace workspace;

	private final Runner runner;

	private final List<Integer> budgets;

	Versus(Workspace workspace, Runner runner, List<Integer> budgets) {
		this.workspace = workspace;
		this.runner = runner;
		this.budgets = budgets;
	}

	String run(int devices) throws Exception {
		double load = Table.load();
		String classpath = Processes.compilePeer(this.workspace, "SdkPeer", "bench/sdk/pom.xml");
		List<Row> rows = new ArrayList<>();
		for (int budget : this.budgets) {
			Scenario ours = new SideBySide(devices, budget);
			System.err.printf("== %s: %,d devices%n", ours.name(), devices);
			Result r = this.runner.run(ours, devices).result();
			String launcher = String.join(" ", Scenario.LAUNCHER_JVM_OPTIONS)
					+ (Files.isRegularFile(this.workspace.launcherArchive()) ? ", class data archive" : "");
			add(rows,
					new Row(DPS_BATCH, launcher, budget, devices, r.assigned(), r.wallSeconds(), r.clientCpuSeconds()));
			for (List<String> jvm : List.of(List.<String>of(), Scenario.LAUNCHER_JVM_OPTIONS)) {
				add(rows, sdk(classpath, budget, devices, jvm));
			}
		}
		return table(rows, load);
	}

	private static void add(List<Row> rows, Row row) {
		rows.add(row);
		System.err.println("   " + row.describe());
	}

	private Row sdk(String classpath, int budget, int devices, List<String> jvm) throws Exception {
		String name = NAME + "-sdk-" + budget + (jvm.isEmpty() ? "" : "-c1");
		Path dir = this.workspace.freshFolder(name);
		Path manifest = Manifests.devices(this.workspace, devices);
		Instant deadline = Instant.now().plus(TIME_LIMIT);
		System.err.printf("== %s: %,d devices%n", name, devices);
		try (Emulator emulator = Emulator.start(this.workspace, dir, EMULATOR, deadline)) {
			List<String> command = new ArrayList<>(List.of(this.workspace.java(), "-Xmx2g", "-Xss512k"));
			command.addAll(jvm);
			command.addAll(List.of("-cp", classpath, "SdkPeer",
					emulator.setting("dps.global-endpoint").replaceFirst("^https://", ""),
					emulator.setting("dps.id-scope"), emulator.setting("dps.trust-store"),
					emulator.setting("dps.trust-store-password"), manifest.toString(), Integer.toString(budget)));
			ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
				.redirectOutput(dir.resolve("sdk.out").toFile())
				.redirectError(dir.resolve("sdk.log").toFile());
			builder.environment().put("DPS_GROUP_KEY", emulator.setting("dps.group-key"));
			long started = System.nanoTime();
			Process process = builder.start();
			AtomicReference<Duration> cpu = new AtomicReference<>(Duration.ZERO);
			Processes.waitFor(process, deadline, cpu, (pid) -> {
			});
			double wall = (System.nanoTime() - started) / 1e9;
			Matcher assigned = ASSIGNED.matcher(Files.readString(dir.resolve("sdk.out")));
			return new Row("Microsoft Java SDK 2.1.3", String.join(" ", jvm), budget, devices,
					assigned.find() ? Long.parseLong(assigned.group(1)) : 0, wall, cpu.get().toMillis() / 1000.0);
		}
	}

	private String table(List<Row> rows, double load) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"%nSide by side, measured %s; load average %.2f before the first run; " + "emulator: %s%n%n",
				Table.measured(), load, EMULATOR));
		out.append("| client | JVM options | in flight | devices | assigned | wall s (JVM start included) | devices/s "
				+ "| CPU s (user + sys) | CPU ms per device |\n");
		out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (Row r : rows) {
			out.append(String.format(Locale.ROOT, "| %s | %s | %d | %,d | %,d | %.1f | %.1f | %.1f | %.2f |%n",
					r.client(), r.jvm().isEmpty() ? "defaults" : r.jvm(), r.inFlight(), r.devices(), r.assigned(),
					r.wallSeconds(), r.devicesPerSecond(), r.cpuSeconds(), r.cpuMillisPerDevice()));
		}
		out.append('\n');
		for (int budget : this.budgets) {
			Optional<Row> ours = rows.stream()
				.filter((r) -> r.inFlight() == budget && r.client().equals(DPS_BATCH))
				.findFirst();
			Optional<Row> sdk = rows.stream()
				.filter((r) -> r.inFlight() == budget && !r.client().equals(DPS_BATCH))
				.max(Comparator.comparingDouble(Row::devicesPerSecond));
			if (ours.isPresent() && sdk.isPresent() && ours.get().assigned() > 0) {
				out.append(String.format(Locale.ROOT,
						"- %d in flight: dps-batch at %.1fx the devices/s of the SDK's "
								+ "best run, with 1/%.1f of its CPU per device%n",
						budget, ours.get().devicesPerSecond() / sdk.get().devicesPerSecond(),
						sdk.get().cpuMillisPerDevice() / ours.get().cpuMillisPerDevice()));
			}
		}
		return out.toString();
	}

}
