package io.dpsbatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The dps-batch benchmark: runs whole batches with the packaged jar against the DPS
 * emulator started as a process of its own (as an operator would), and prints one table
 * with a verdict per scenario, also written to target/bench/results.md. bench/run.sh
 * builds the jar and this source root (./mvnw -Pbench), then starts this class.
 */
final class Bench {

	/** The scenarios by name, in the order they run by default. */
	static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

	static {
		for (Scenario scenario : List.of(new Pacing(), new Latency(), new Overhead(), new Scale(), new SharedQuota(),
				new FieldSurge(), new FaultsClean(), new Faults(), new Enrollments(), new InFlight())) {
			SCENARIOS.put(scenario.name(), scenario);
		}
	}

	/** Exit code of a command line it cannot take (EX_USAGE). */
	private static final int USAGE = 64;

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		double loadBefore = Table.load();
		List<String> names = new ArrayList<>();
		Integer devices = null;
		List<Integer> budgets = Versus.BUDGETS;
		boolean profile = false;
		for (String arg : args) {
			if (arg.startsWith("--devices=")) {
				devices = Integer.parseInt(arg.substring("--devices=".length()).replace("_", ""));
			}
			else if (arg.startsWith("--in-flight=")) {
				budgets = Stream.of(arg.substring("--in-flight=".length()).split(",")).map(Integer::valueOf).toList();
			}
			else if (arg.equals("--profile")) {
				profile = true;
			}
			else if (arg.equals("--help") || arg.equals("-h")) {
				usage();
				return;
			}
			else if (arg.equals("all")) {
				names.addAll(SCENARIOS.keySet());
			}
			else if (SCENARIOS.containsKey(arg) || arg.equals(Versus.NAME) || arg.equals(Clients.NAME)) {
				names.add(arg);
			}
			else {
				System.err.println("unknown scenario or option: " + arg);
				usage();
				System.exit(USAGE);
			}
		}
		if (names.isEmpty()) {
			names.addAll(SCENARIOS.keySet());
		}
		Workspace workspace = Workspace.at(Path.of("").toAbsolutePath(), profile);
		if (!Files.isRegularFile(workspace.jar())) {
			System.err.println(workspace.jar() + " is missing: run bench/run.sh, which builds it");
			System.exit(USAGE);
		}
		Runner runner = new Runner(workspace);
		List<Runner.Judged> results = new ArrayList<>();
		StringBuilder sideBySide = new StringBuilder();
		for (String name : names) {
			if (name.equals(Clients.NAME)) {
				sideBySide.append(Clients.run(workspace, (devices != null) ? devices : Clients.REQUESTS));
			}
			else if (name.equals(Versus.NAME)) {
				sideBySide
					.append(new Versus(workspace, runner, budgets).run((devices != null) ? devices : Versus.DEVICES));
			}
			else {
				Scenario scenario = SCENARIOS.get(name);
				int count = (devices != null) ? devices : scenario.devices();
				System.err.printf("== %s: %,d devices (%s)%n", name, count, scenario.target());
				Runner.Judged judged = runner.run(scenario, count);
				results.add(judged);
				System.err.printf("== %s: %s%n", name, judged.verdict());
			}
		}
		String table = (results.isEmpty() ? "" : Table.of(results, loadBefore)) + sideBySide;
		System.out.println();
		System.out.print(table);
		Path written = Files.createDirectories(workspace.work()).resolve("results.md");
		Files.writeString(written, table);
		Path root = workspace.root();
		System.out.println();
		System.out.println("Written to " + root.relativize(written) + "; logs, GC logs"
				+ (profile ? ", JFR recordings and profiles" : "") + " in " + root.relativize(workspace.work())
				+ "/<scenario>/");
	}

	private static void usage() {
		System.err.println("""
				usage: bench/run.sh [SCENARIO...] [--devices=N] [--profile]
				  scenarios: %s (default: all of them, in that order)
				  versus       dps-batch and Microsoft's Java device SDK side by side (not in the default);
				               --in-flight=64,256,1024 sets the budgets it compares
				  clients      CPU per DPS request of the JDK's HTTP client and of Apache HttpClient 5 async
				               (--devices=N: requests per round, 6,000 unless told)
				  --devices=N  run each chosen scenario with N devices instead of its own count
				  --profile    record the provision process with JFR and say where its CPU time goes
				""".formatted(String.join(", ", SCENARIOS.keySet())));
	}

}
