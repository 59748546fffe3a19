import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.KeyStore;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The dps-batch benchmark: runs whole batches with the packaged jar against the DPS emulator started as
 * a process of its own (as an operator would), and prints one table. Needs nothing but a JDK 17+:
 * bench/run.sh builds the jar and starts this file with {@code java bench/Bench.java}.
 * <p>
 * Every scenario gets a fresh folder under target/bench/ (emulator state, H2 store, output files, logs,
 * GC log and, with --profile, a JFR recording of the provision process and its summary).
 */
public class Bench {

	/** Every process the benchmark starts is stopped after this, whatever happens. */
	private static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(20);

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	/**
	 * A scenario of issue #4.
	 * @param emulator emulator.* settings
	 * @param client dps.* settings of the provision run
	 * @param heap -Xmx of the provision run
	 */
	record Scenario(String name, int devices, Map<String, String> emulator, Map<String, String> client, String heap,
			Duration timeLimit, String target) {
	}

	/** The second enrollment group of the enrollments scenario, in a DPS instance of its own. */
	static final String SECOND_GROUP = "lineb";

	static final String SECOND_SCOPE = "0ne00BENCH2";

	/**
	 * The second group's key, the same for the emulator and the client: a key for this benchmark only, passed
	 * by environment (EMULATOR_ENROLLMENTS_LINEB_GROUPKEY, DPS_ENROLLMENTS_LINEB_GROUPKEY), never on a command
	 * line.
	 */
	static final String SECOND_GROUP_KEY = Base64.getEncoder()
		.encodeToString("bench: the second group's key, 64 bytes, not a secret anywhere..".getBytes(StandardCharsets.US_ASCII));

	/** The field's register calls per minute from an offset after the emulator started. */
	static final String FIELD_SURGE = "200/min@0s,600/min@60s,100/min@100s";

	static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

	static {
		add(new Scenario("pacing", 3_000,
				Map.of("registrations-per-minute", "1000", "assignment-delay", "1s", "retry-after", "1"),
				Map.of("registrations-per-minute", "1000", "max-in-flight", "128"), "512m", Duration.ofMinutes(10),
				">= 950 registrations/min over the run, < 1% of register calls answered 429"));
		add(new Scenario("latency", 10_000,
				Map.of("registrations-per-minute", "0", "assignment-delay", "2s", "retry-after", "1"),
				Map.of("registrations-per-minute", "1000000", "max-in-flight", "256"), "512m", Duration.ofMinutes(15),
				"register step >= 0.9 x 256 / L devices/s (L = mean latency per device)"));
		add(new Scenario("overhead", 20_000,
				Map.of("registrations-per-minute", "0", "assignment-delay", "0s", "retry-after", "0"),
				Map.of("registrations-per-minute", "1000000", "max-in-flight", "128"), "512m", Duration.ofMinutes(15),
				">= 1,000 devices/s end to end"));
		add(new Scenario("scale", 1_000_000,
				Map.of("registrations-per-minute", "0", "assignment-delay", "0s", "retry-after", "0"),
				Map.of("registrations-per-minute", "1000000", "max-in-flight", "128"), "256m", Duration.ofMinutes(90),
				"import >= 50,000 rows/s and the whole run completes at -Xmx256m"));
		// issue #10: DPS as it behaves in production, with the client's default settings
		add(new Scenario("shared-quota", 1_500,
				Map.of("registrations-per-minute", "1000", "field-load-per-minute", "300", "assignment-delay", "1s"),
				Map.of(), "512m", Duration.ofMinutes(10),
				">= 85% of the 700/min the field leaves, <= 3% of register calls answered 429"));
		add(new Scenario("field-surge", 1_500,
				Map.of("registrations-per-minute", "1000", "field-load-schedule", FIELD_SURGE, "assignment-delay", "1s"),
				Map.of(), "512m", Duration.ofMinutes(10),
				"the field answered 429 for <= 2% of its calls; done within 125% of the time the room left allows"));
		add(new Scenario("faults-clean", 1_500,
				Map.of("registrations-per-minute", "0", "assignment-delay", "1s", "retry-after", "1"),
				Map.of(), "512m", Duration.ofMinutes(10), "the baseline of the faults scenario"));
		add(new Scenario("faults", 1_500,
				Map.of("registrations-per-minute", "0", "assignment-delay", "1s", "retry-after", "1",
						"faults.throttle-rate", "0.10", "faults.unavailable-rate", "0.05",
						"faults.drop-connection-rate", "0.03", "faults.seed", "7"),
				Map.of(), "512m", Duration.ofMinutes(15),
				"every device assigned, >= 40% of faults-clean's devices/s"));
		// issue #14: one manifest over two DPS instances (two groups), each instance with its own quota and pace
		add(new Scenario("enrollments", 3_000,
				Map.of("registrations-per-minute", "1000", "assignment-delay", "1s", "retry-after", "1",
						"enrollments." + SECOND_GROUP + ".id-scope", SECOND_SCOPE),
				Map.of("enrollments." + SECOND_GROUP + ".id-scope", SECOND_SCOPE), "512m", Duration.ofMinutes(10),
				"each instance paced apart at the default 900/min: >= 850 register calls/min to each, < 1% answered 429"));
		add(new Scenario("inflight", 10_000,
				Map.of("registrations-per-minute", "0", "assignment-delay", "1s", "retry-after", "1"),
				Map.of("registrations-per-minute", "1000000", "max-in-flight", "1024"), "512m", Duration.ofMinutes(15),
				"<= 1.2 ms client CPU per device start-up aside, first outcome within about one assignment time"));
	}

	/**
	 * JVM options of the dps-batch launcher (./dps-batch): C1 only, because a run's CPU would otherwise go
	 * mostly to C2 compiling code that a run of minutes barely uses (see docs/performance.md#c1-only). The
	 * launcher also maps a class data archive of the extracted jar, when it could make one: the scenarios
	 * run as the launcher does use it too.
	 */
	static final List<String> LAUNCHER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

	/** Scenarios that run the jar as the launcher does, with {@link #LAUNCHER_JVM_OPTIONS}. */
	static final Map<String, List<String>> JVM_OPTIONS = new HashMap<>(Map.of("inflight", LAUNCHER_JVM_OPTIONS));

	/** When each scenario's emulator was ready: its field-load schedule counts from about then. */
	static final Map<String, Instant> EMULATOR_READY = new HashMap<>();

	/** Results of this run by scenario, for verdicts that compare two scenarios. */
	static final Map<String, Result> DONE = new LinkedHashMap<>();

	private static void add(Scenario scenario) {
		SCENARIOS.put(scenario.name(), scenario);
	}

	/** What one scenario measured. */
	record Result(Scenario scenario, int devices, int exitCode, double wallSeconds, Map<String, Object> summary,
			double registerStepRate, double importRowsPerSecond, long peakHeapMb, long liveHeapMb, double clientCpuSeconds,
			double emulatorCpuSeconds, String emulatorCounts, String verdict) {
	}

	private final Path root;

	private final Path jar;

	/** The class data archive ./dps-batch prepares next to the extracted jar (bench/run.sh has it do so). */
	private final Path launcherArchive;

	private final Path work;

	private final String java;

	private final boolean profile;

	Bench(Path root, boolean profile) {
		this.root = root;
		this.jar = root.resolve("target/dps-batch.jar");
		this.launcherArchive = root.resolve("target/app/dps-batch.jsa");
		this.work = root.resolve("target/bench");
		this.java = ProcessHandle.current().info().command().orElse("java");
		this.profile = profile;
	}

	public static void main(String[] args) throws Exception {
		double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		List<String> names = new ArrayList<>();
		Integer devices = null;
		boolean profile = false;
		for (String arg : args) {
			if (arg.startsWith("--devices=")) {
				devices = Integer.parseInt(arg.substring("--devices=".length()).replace("_", ""));
			}
			else if (arg.startsWith("--in-flight=")) {
				Versus.budgets = Stream.of(arg.substring("--in-flight=".length()).split(","))
					.map(Integer::valueOf)
					.toList();
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
				System.exit(64);
			}
		}
		if (names.isEmpty()) {
			names.addAll(SCENARIOS.keySet());
		}
		Bench bench = new Bench(Path.of("").toAbsolutePath(), profile);
		if (!Files.isRegularFile(bench.jar)) {
			System.err.println(bench.jar + " is missing: run bench/run.sh, which builds it");
			System.exit(64);
		}
		List<Result> results = new ArrayList<>();
		String sideBySide = "";
		for (String name : names) {
			if (name.equals(Clients.NAME)) {
				sideBySide += Clients.run(bench, (devices != null) ? devices : 6_000);
				continue;
			}
			if (name.equals(Versus.NAME)) {
				sideBySide += new Versus(bench).run((devices != null) ? devices : Versus.DEVICES);
				continue;
			}
			Scenario scenario = SCENARIOS.get(name);
			int count = (devices != null) ? devices : scenario.devices();
			System.err.printf("== %s: %,d devices (%s)%n", name, count, scenario.target());
			Result result = bench.run(scenario, count);
			results.add(result);
			System.err.printf("== %s: %s%n", name, result.verdict());
		}
		String table = (results.isEmpty() ? "" : table(results, loadBefore)) + sideBySide;
		System.out.println();
		System.out.print(table);
		Files.createDirectories(bench.work);
		Files.writeString(bench.work.resolve("results.md"), table);
		System.out.println();
		System.out.println("Written to " + bench.root.relativize(bench.work.resolve("results.md")) + "; logs, GC logs"
				+ (profile ? ", JFR recordings and profiles" : "") + " in " + bench.root.relativize(bench.work) + "/<scenario>/");
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

	// --- one scenario ---

	Result run(Scenario scenario, int devices) throws Exception {
		Path dir = this.work.resolve(scenario.name());
		deleteRecursively(dir);
		Files.createDirectories(dir);
		boolean enrollments = scenario.name().equals("enrollments");
		Path manifest = enrollments ? mixedManifest(devices) : manifest(devices);
		Map<String, String> emulatorEnvironment = enrollments
				? Map.of("EMULATOR_ENROLLMENTS_" + SECOND_GROUP.toUpperCase(Locale.ROOT) + "_GROUPKEY", SECOND_GROUP_KEY)
				: Map.of();
		Instant deadline = Instant.now().plus(scenario.timeLimit());
		try (Emulator emulator = Emulator.start(this, dir, scenario.emulator(), emulatorEnvironment, deadline)) {
			EMULATOR_READY.put(scenario.name(), Instant.now());
			List<String> command = new ArrayList<>(List.of(this.java, "-Xmx" + scenario.heap(),
					"-Xlog:gc:file=" + dir.resolve("gc.log"), "-Xlog:gc+heap+exit=info:file=" + dir.resolve("heap-exit.log")));
			command.addAll(1, JVM_OPTIONS.getOrDefault(scenario.name(), List.of()));
			if (this.profile) {
				command.add("-XX:StartFlightRecording=filename=" + dir.resolve("provision.jfr") + ",settings=profile");
			}
			Path jar = this.jar;
			if (JVM_OPTIONS.containsKey(scenario.name()) && Files.isRegularFile(this.launcherArchive)) {
				// as ./dps-batch runs it: the extracted jar and the class data archive it prepared
				command.addAll(List.of("-XX:SharedArchiveFile=" + this.launcherArchive, "-Xlog:cds=off",
						"-Xlog:cds+dynamic=off"));
				jar = this.launcherArchive.resolveSibling("dps-batch.jar");
			}
			command.addAll(List.of("-jar", jar.toString(), "provision", "--manifest", manifest.toString(),
					"--batch", "bench", "--dps.global-endpoint=" + emulator.setting("dps.global-endpoint"),
					"--dps.id-scope=" + emulator.setting("dps.id-scope"),
					"--dps.trust-store=" + emulator.setting("dps.trust-store"),
					"--dps.trust-store-password=" + emulator.setting("dps.trust-store-password"),
					"--dps.trust-store-type=" + emulator.setting("dps.trust-store-type"),
					"--spring.datasource.url=jdbc:h2:file:" + dir.resolve("data/dps-batch"),
					"--batch.output-dir=" + dir.resolve("out")));
			scenario.client().forEach((name, value) -> command.add("--dps." + name + "=" + value));
			ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
				.redirectOutput(dir.resolve("provision.out").toFile())
				.redirectError(dir.resolve("provision.log").toFile());
			// the group key goes by environment, never on a command line that ps shows
			builder.environment().put("DPS_GROUP_KEY", emulator.setting("dps.group-key"));
			if (enrollments) {
				builder.environment()
					.put("DPS_ENROLLMENTS_" + SECOND_GROUP.toUpperCase(Locale.ROOT) + "_GROUPKEY", SECOND_GROUP_KEY);
			}
			long started = System.nanoTime();
			Process provision = builder.start();
			AtomicReference<Duration> clientCpu = new AtomicReference<>(Duration.ZERO);
			int exit = waitFor(provision, deadline, clientCpu, this.profile ? (pid) -> dumpRecording(pid, dir.resolve("provision.jfr")) : (pid) -> {
			});
			double wall = (System.nanoTime() - started) / 1e9;
			double emulatorCpu = emulator.cpu().toMillis() / 1000.0;
			String countsJson = emulator.countsJson();
			String counts = emulator.stop() + " / " + countsJson;
			Map<String, Object> summary = readSummary(dir.resolve("out/bench/summary.json"));
			String log = Files.readString(dir.resolve("provision.log"));
			Result result = new Result(scenario, devices, exit, wall, summary, lastNumber(log, REGISTER_RATE),
					lastNumber(log, IMPORT_RATE), peakHeapMb(dir), liveHeapMb(dir), clientCpu.get().toMillis() / 1000.0,
					emulatorCpu,
					counts, null);
			result = withVerdict(result);
			DONE.put(scenario.name(), result);
			if (this.profile) {
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
			return result;
		}
	}

	/**
	 * Waits for the process within the deadline (killing it past it), sampling its CPU time on the way and
	 * calling {@code everySecond} with its pid about once a second.
	 */
	private static int waitFor(Process process, Instant deadline, AtomicReference<Duration> cpu,
			java.util.function.LongConsumer everySecond) throws InterruptedException {
		long ticks = 0;
		while (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
			process.info().totalCpuDuration().ifPresent(cpu::set);
			if (++ticks % 2 == 0) {
				everySecond.accept(process.pid());
			}
			if (Instant.now().isAfter(deadline)) {
				System.err.println("time limit reached: stopping " + process.pid());
				process.destroyForcibly();
				process.waitFor();
				return -1;
			}
		}
		return process.exitValue();
	}

	/**
	 * Copies the JFR recording of a running provision process to its file: the command ends with
	 * {@code Runtime.halt} (to keep its exit code through a signal), which skips JFR's own dump at exit, so
	 * the profile is the last copy taken, at most a second before the end.
	 */
	private void dumpRecording(long pid, Path file) {
		try {
			Path jcmd = Path.of(this.java).resolveSibling("jcmd");
			Path copy = file.resolveSibling(file.getFileName() + ".part");
			Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "JFR.dump", "name=1",
					"filename=" + copy)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			// a copy cut short by the end of the process is left aside: the previous one stays
			if (dump.waitFor(10, TimeUnit.SECONDS) && dump.exitValue() == 0 && Files.isRegularFile(copy)) {
				Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			// no jcmd: the recording stays empty and the profile says so
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Result withVerdict(Result r) {
		Map<String, Object> s = r.summary();
		long sent = number(s, "registrationsSent");
		long throttled = number(s, "throttledResponses");
		double run = decimal(s, "durationSeconds");
		long assigned = number(nested(s, "outcomes"), "assigned");
		String complete = (r.exitCode() == 0 && assigned == r.devices()) ? "" : "NOT COMPLETE (exit " + r.exitCode()
				+ ", " + assigned + " assigned); ";
		String verdict = switch (r.scenario().name()) {
			case "pacing" -> {
				double perMinute = (run > 0) ? sent / run * 60 : 0;
				double share = (sent > 0) ? 100.0 * throttled / sent : 0;
				yield String.format(Locale.ROOT, "%.0f registrations/min over the run (%.1f%% of 1,000), %d of %d "
						+ "register calls answered 429 (%.2f%%): %s", perMinute, perMinute / 10, throttled, sent, share,
						pass(perMinute >= 950 && share < 1));
			}
			case "latency" -> {
				// Little's law: devices in flight = throughput x mean latency, so M / L with L the mean
				long l = number(nested(s, "latencyMillis"), "mean");
				double needed = (l > 0) ? 0.9 * 256 / (l / 1000.0) : Double.NaN;
				yield String.format(Locale.ROOT, "L = %d ms (mean per device; p50 %d ms), needed 0.9 x 256 / L = %.1f "
						+ "devices/s, register step %.1f devices/s (%.0f%% of 256 / L): %s", l,
						number(nested(s, "latencyMillis"), "p50"), needed, r.registerStepRate(),
						100 * r.registerStepRate() / (needed / 0.9), pass(r.registerStepRate() >= needed));
			}
			case "overhead" -> String.format(Locale.ROOT, "%.0f devices/s end to end (import to export): %s",
					decimal(s, "devicesPerSecond"), pass(decimal(s, "devicesPerSecond") >= 1000));
			case "scale" -> String.format(Locale.ROOT,
					"import %,.0f rows/s, heap at most %d MB in use (%d MB kept after a collection) of 256 MB, %s: %s",
					r.importRowsPerSecond(), r.peakHeapMb(), r.liveHeapMb(),
					r.exitCode() == 0 ? "completed" : "did not complete",
					pass(r.importRowsPerSecond() >= 50_000 && r.exitCode() == 0));
			case "shared-quota" -> {
				double perMinute = (run > 0) ? sent / run * 60 : 0;
				long registerThrottled = counted(r.emulatorCounts(), REFUSED_429);
				if (registerThrottled == 0) {
					registerThrottled = throttled; // the client's own count, should the emulator's be missing
				}
				double share = (sent > 0) ? 100.0 * registerThrottled / sent : 0;
				double accepted = (run > 0) ? (sent - registerThrottled) / run * 60 : 0;
				yield String.format(Locale.ROOT, "%.0f register calls/min accepted (%.0f%% of the 700 left; %.0f sent), "
						+ "%d of %d answered 429 (%.2f%%), field 429s %s: %s", accepted, accepted / 7, perMinute,
						registerThrottled, sent, share, fieldShare(r.emulatorCounts()),
						pass(accepted >= 0.85 * 700 && share <= 3));
			}
			case "field-surge" -> {
				// from the batch's start (the field's schedule runs from the emulator's start, a JVM start earlier)
				double offset = Duration.between(EMULATOR_READY.get("field-surge"),
						Instant.parse(String.valueOf(s.get("startedAt")))).toMillis() / 1000.0;
				double ideal = idealSeconds(r.devices(), Math.max(0, offset));
				double field = fieldThrottledPercent(r.emulatorCounts());
				yield String.format(Locale.ROOT, "field 429s %s; the run took %.0f s from the batch's start, the room "
						+ "left allows %.0f s (%.0f%%): %s", fieldShare(r.emulatorCounts()), run, ideal, 100 * run / ideal,
						pass(field <= 2 && run <= 1.25 * ideal));
			}
			case "faults" -> {
				Result clean = DONE.get("faults-clean");
				double rate = r.devices() / r.wallSeconds();
				if (clean == null) {
					yield String.format(Locale.ROOT, "%.1f devices/s (wall); run faults-clean first to compare", rate);
				}
				double cleanRate = clean.devices() / clean.wallSeconds();
				yield String.format(Locale.ROOT, "%.1f devices/s (wall) against %.1f without faults (%.0f%%), p50 "
						+ "latency %d ms: %s", rate, cleanRate, 100 * rate / cleanRate,
						number(nested(s, "latencyMillis"), "p50"), pass(complete.isEmpty() && rate >= 0.4 * cleanRate));
			}
			case "inflight" -> {
				double perDevice = 1000 * r.clientCpuSeconds() / Math.max(1, r.devices());
				// the target is start-up aside: subtract the CPU of a run of a few devices
				// (docs/performance.md#throughput-and-cpu-quiet-machine)
				yield String.format(Locale.ROOT, "%.2f ms of client CPU per device, start-up included (%.0f s in all), "
						+ "mean latency %d ms", perDevice, r.clientCpuSeconds(), number(nested(s, "latencyMillis"), "mean"));
			}
			case "enrollments" -> {
				// each instance's register calls (the emulator's own count, per ID scope) over the register step's
				// time (devices / its devices per second): the import and the export pace nothing
				double step = (r.registerStepRate() > 0) ? r.devices() / r.registerStepRate() : run;
				StringBuilder rates = new StringBuilder();
				boolean pass = true;
				Matcher instance = INSTANCE_JSON.matcher(r.emulatorCounts());
				int instances = 0;
				while (instance.find()) {
					instances++;
					long calls = Long.parseLong(instance.group(2));
					long refused = Long.parseLong(instance.group(3));
					double perMinute = (step > 0) ? calls / step * 60 : 0;
					double share = (calls > 0) ? 100.0 * refused / calls : 0;
					rates.append(String.format(Locale.ROOT, "%s %.0f register calls/min (%d of %d answered 429, %.2f%%); ",
							instance.group(1), perMinute, refused, calls, share));
					pass &= perMinute >= 850 && share < 1;
				}
				yield rates + String.format(Locale.ROOT, "%.0f/min together over the register step's %.0f s: %s",
						(step > 0) ? sent / step * 60 : 0, step, pass(pass && instances == 2));
			}
			default -> "";
		};
		return new Result(r.scenario(), r.devices(), r.exitCode(), r.wallSeconds(), r.summary(), r.registerStepRate(),
				r.importRowsPerSecond(), r.peakHeapMb(), r.liveHeapMb(), r.clientCpuSeconds(), r.emulatorCpuSeconds(),
				r.emulatorCounts(),
				complete + verdict);
	}

	private static final Pattern INSTANCE_JSON = Pattern.compile(
			"\"([0-9A-Za-z]+)\"\\s*:\\s*\\{\\s*\"registerCalls\"\\s*:\\s*(\\d+)\\s*,\\s*\"throttled\"\\s*:\\s*(\\d+)");

	private static final Pattern REFUSED_429 = Pattern.compile("(\\d+) throttled \\(429\\), \\d+ bad requests");

	private static final Pattern FIELD = Pattern.compile("field load: (\\d+) register calls[^,]*, (\\d+) of them throttled");

	private static long counted(String counts, Pattern pattern) {
		Matcher matcher = pattern.matcher(counts);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

	private static final Pattern FIELD_JSON = Pattern.compile("\"fieldCalls\"\\s*:\\s*(\\d+).*\"fieldThrottled\"\\s*:\\s*(\\d+)");

	private static Matcher fieldCounts(String counts) {
		Matcher json = FIELD_JSON.matcher(counts);
		return json.find() ? json.reset() : FIELD.matcher(counts);
	}

	private static double fieldThrottledPercent(String counts) {
		Matcher matcher = fieldCounts(counts);
		if (!matcher.find() || Long.parseLong(matcher.group(1)) == 0) {
			return Double.NaN;
		}
		return 100.0 * Long.parseLong(matcher.group(2)) / Long.parseLong(matcher.group(1));
	}

	private static String fieldShare(String counts) {
		Matcher matcher = fieldCounts(counts);
		return matcher.find() ? String.format(Locale.ROOT, "%s of %s calls (%.2f%%)", matcher.group(2), matcher.group(1),
				fieldThrottledPercent(counts)) : "not counted";
	}

	/**
	 * Seconds a run of {@code devices} started {@code from} seconds after the emulator needs when it takes exactly the room the
	 * field leaves of the 1,000/min quota (at most the default pace, 900/min): one accepted register call each.
	 */
	private static double idealSeconds(int devices, double from) {
		double done = 0;
		double t = from;
		while (done < devices) {
			double field = (t < 60) ? 200 : (t < 100) ? 600 : 100;
			done += Math.min(900, 1000 - field) / 60 * 0.1;
			t += 0.1;
		}
		return t - from;
	}

	private static String pass(boolean met) {
		return met ? "target met" : "TARGET MISSED";
	}

	// --- the table ---

	static String table(List<Result> results, double loadBefore) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Measured %s on %d cores (%s); load average %.2f before the first scenario%n%n",
				LocalDateTime.now().format(STAMP), Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), loadBefore));
		out.append("| scenario | devices | wall s | run s | devices/s | register step/s | p50 ms | p95 ms | p99 ms | max ms "
				+ "| mean ms | 429s | register calls | peak heap MB (after GC) | CPU s client / emulator |\n");
		out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (Result r : results) {
			Map<String, Object> s = r.summary();
			Map<String, Object> latency = nested(s, "latencyMillis");
			out.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.1f | %.1f | %d | %d | %d | %d | %d | %d | %,d | %d (%d) "
					+ "| %.0f / %.0f |%n", r.scenario().name(), r.devices(), r.wallSeconds(), decimal(s, "durationSeconds"),
					decimal(s, "devicesPerSecond"), r.registerStepRate(), number(latency, "p50"), number(latency, "p95"),
					number(latency, "p99"), number(latency, "max"), number(latency, "mean"), number(s, "throttledResponses"),
					number(s, "registrationsSent"), r.peakHeapMb(), r.liveHeapMb(), r.clientCpuSeconds(),
					r.emulatorCpuSeconds()));
		}
		out.append('\n');
		for (Result r : results) {
			out.append("- ").append(r.scenario().name()).append(" (").append(settings(r.scenario())).append("): ")
				.append(r.verdict()).append('\n');
		}
		return out.toString();
	}

	private static String settings(Scenario scenario) {
		List<String> parts = new ArrayList<>();
		scenario.emulator().forEach((name, value) -> parts.add("emulator." + name + "=" + value));
		scenario.client().forEach((name, value) -> parts.add("dps." + name + "=" + value));
		parts.add("-Xmx" + scenario.heap());
		return String.join(", ", parts);
	}

	// --- manifests, logs, summary.json ---

	/** A manifest of {@code devices} rows with two attribute columns, made once and kept in target/bench/. */
	Path manifest(int devices) throws IOException {
		Path file = this.work.resolve("manifests/devices-" + devices + ".csv");
		if (Files.isRegularFile(file)) {
			return file;
		}
		Files.createDirectories(file.getParent());
		Path partial = file.resolveSibling(file.getFileName() + ".part");
		try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
			out.write("registrationId,serialNumber,mac\n");
			for (int i = 1; i <= devices; i++) {
				out.write(String.format(Locale.ROOT, "bench-dev-%07d,SN-%010d,02:00:%02x:%02x:%02x:%02x%n", i,
						7_000_000_000L + i, (i >> 24) & 0xff, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff));
			}
		}
		Files.move(partial, file);
		return file;
	}

	/** Half of the devices in the default group, half in {@link #SECOND_GROUP}, in turn. */
	Path mixedManifest(int devices) throws IOException {
		Path file = this.work.resolve("manifests/mixed-" + devices + ".csv");
		if (Files.isRegularFile(file)) {
			return file;
		}
		Files.createDirectories(file.getParent());
		Path partial = file.resolveSibling(file.getFileName() + ".part");
		try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
			out.write("registrationId,enrollment,serialNumber\n");
			for (int i = 1; i <= devices; i++) {
				out.write(String.format(Locale.ROOT, "bench-mix-%07d,%s,SN-%010d%n", i, (i % 2 == 0) ? SECOND_GROUP : "",
						7_000_000_000L + i));
			}
		}
		Files.move(partial, file);
		return file;
	}

	private static final Pattern REGISTER_RATE = Pattern.compile("registered \\([^)]*\\), ([0-9.]+) devices/s");

	private static final Pattern IMPORT_RATE = Pattern.compile("import done, .* \\(([0-9.]+) rows/s\\)");

	private static double lastNumber(String log, Pattern pattern) {
		Matcher matcher = pattern.matcher(log);
		double last = 0;
		while (matcher.find()) {
			last = Double.parseDouble(matcher.group(1));
		}
		return last;
	}

	private static final Pattern GC_BEFORE = Pattern.compile("(\\d+)M->(\\d+)M");

	private static final Pattern HEAP_AT_EXIT = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

	/** Largest heap occupied after a collection: the most the run ever needed to keep. */
	private static long liveHeapMb(Path dir) throws IOException {
		Path file = dir.resolve("gc.log");
		long live = 0;
		if (Files.isRegularFile(file)) {
			Matcher gc = GC_BEFORE.matcher(Files.readString(file));
			while (gc.find()) {
				live = Math.max(live, Long.parseLong(gc.group(2)));
			}
		}
		return live;
	}

	/** Largest heap occupancy seen: before any collection, or at exit. */
	private static long peakHeapMb(Path dir) throws IOException {
		long peak = 0;
		for (String name : List.of("gc.log", "heap-exit.log")) {
			Path file = dir.resolve(name);
			if (!Files.isRegularFile(file)) {
				continue;
			}
			String text = Files.readString(file);
			Matcher before = GC_BEFORE.matcher(text);
			while (before.find()) {
				peak = Math.max(peak, Long.parseLong(before.group(1)));
			}
			Matcher exit = HEAP_AT_EXIT.matcher(text);
			while (exit.find()) {
				peak = Math.max(peak, Long.parseLong(exit.group(1)) / 1024);
			}
		}
		return peak;
	}

	/** summary.json, read with a few regular expressions (the benchmark needs nothing but the JDK). */
	static Map<String, Object> readSummary(Path file) throws IOException {
		Map<String, Object> summary = new HashMap<>();
		if (!Files.isRegularFile(file)) {
			return summary;
		}
		String text = Files.readString(file);
		for (String object : List.of("outcomes", "latencyMillis")) {
			Matcher m = Pattern.compile("\"" + object + "\"\\s*:\\s*\\{([^}]*)}").matcher(text);
			if (m.find()) {
				summary.put(object, fields(m.group(1)));
				text = text.replace(m.group(), "");
			}
		}
		summary.putAll(fields(text));
		Matcher started = Pattern.compile("\"startedAt\"\\s*:\\s*\"([^\"]+)\"").matcher(text);
		if (started.find()) {
			summary.put("startedAt", started.group(1));
		}
		return summary;
	}

	private static Map<String, Object> fields(String json) {
		Map<String, Object> fields = new HashMap<>();
		Matcher m = Pattern.compile("\"(\\w+)\"\\s*:\\s*(-?[0-9.]+|true|false)").matcher(json);
		while (m.find()) {
			fields.put(m.group(1), m.group(2));
		}
		return fields;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> nested(Map<String, Object> map, String name) {
		Object value = map.get(name);
		return (value instanceof Map) ? (Map<String, Object>) value : Map.of();
	}

	private static long number(Map<String, Object> map, String name) {
		return (long) decimal(map, name);
	}

	private static double decimal(Map<String, Object> map, String name) {
		Object value = map.get(name);
		return (value instanceof String text && !text.equals("true") && !text.equals("false"))
				? Double.parseDouble(text) : 0;
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	// --- dps-batch and Microsoft's Java device SDK, side by side ---

	/**
	 * {@code bench/run.sh versus}: the same batch on the same emulator settings (assignment 1 s,
	 * {@code Retry-After: 1}, no quota) provisioned by dps-batch and by Microsoft's Java device SDK
	 * (bench/SdkPeer.java, a thread per device in flight, as its samples do), at several in-flight budgets.
	 * Each run is a fresh JVM and a fresh emulator; wall time includes the JVM's start, CPU is user + sys of
	 * the client's process. The SDK runs with the JVM's defaults and with the launcher's options; the better
	 * of the two is the one to beat.
	 */
	static final class Versus {

		static final String NAME = "versus";

		static final int DEVICES = 10_000;

		/** The in-flight budgets compared, unless {@code --in-flight=N,M} says otherwise. */
		static List<Integer> budgets = List.of(64, 256, 1024);

		static final Map<String, String> EMULATOR = Map.of("registrations-per-minute", "0", "assignment-delay", "1s",
				"retry-after", "1");

		record Row(String client, String jvm, int inFlight, int devices, long assigned, double wallSeconds,
				double cpuSeconds) {

			double devicesPerSecond() {
				return this.assigned / this.wallSeconds;
			}

			double cpuMillisPerDevice() {
				return 1000 * this.cpuSeconds / Math.max(1, this.assigned);
			}

		}

		private final Bench bench;

		Versus(Bench bench) {
			this.bench = bench;
		}

		String run(int devices) throws Exception {
			double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
			Path classes = compilePeer();
			List<Row> rows = new ArrayList<>();
			for (int budget : budgets) {
				String name = NAME + "-dps-batch-" + budget;
				SCENARIOS.put(name, new Scenario(name, devices, EMULATOR,
						Map.of("registrations-per-minute", "1000000", "max-in-flight", Integer.toString(budget)), "512m",
						Duration.ofMinutes(20), "side by side with the SDK"));
				JVM_OPTIONS.put(name, LAUNCHER_JVM_OPTIONS);
				System.err.printf("== %s: %,d devices%n", name, devices);
				Result r = this.bench.run(SCENARIOS.get(name), devices);
				String launcher = String.join(" ", LAUNCHER_JVM_OPTIONS)
						+ (Files.isRegularFile(this.bench.launcherArchive) ? ", class data archive" : "");
				rows.add(new Row("dps-batch", launcher, budget, devices,
						number(nested(r.summary(), "outcomes"), "assigned"), r.wallSeconds(), r.clientCpuSeconds()));
				System.err.println("   " + describe(rows.get(rows.size() - 1)));
				for (List<String> jvm : List.of(List.<String>of(), LAUNCHER_JVM_OPTIONS)) {
					rows.add(sdk(classes, budget, devices, jvm));
					System.err.println("   " + describe(rows.get(rows.size() - 1)));
				}
			}
			return table(rows, load);
		}

		private static String describe(Row row) {
			return String.format(Locale.ROOT, "%s (%s) at %d in flight: %d of %d assigned in %.1f s, %.1f devices/s, "
					+ "%.2f ms CPU per device", row.client(), row.jvm().isEmpty() ? "JVM defaults" : row.jvm(),
					row.inFlight(), row.assigned(), row.devices(), row.wallSeconds(), row.devicesPerSecond(),
					row.cpuMillisPerDevice());
		}

		/** Compiles bench/SdkPeer.java against the SDK, resolved by Maven from bench/sdk/pom.xml. */
		private Path compilePeer() throws IOException, InterruptedException {
			return this.bench.compile("SdkPeer", "bench/sdk/pom.xml");
		}

		private Row sdk(Path classpath, int budget, int devices, List<String> jvm) throws Exception {
			String name = NAME + "-sdk-" + budget + (jvm.isEmpty() ? "" : "-c1");
			Path dir = this.bench.work.resolve(name);
			deleteRecursively(dir);
			Files.createDirectories(dir);
			Path manifest = this.bench.manifest(devices);
			Instant deadline = Instant.now().plus(Duration.ofMinutes(20));
			System.err.printf("== %s: %,d devices%n", name, devices);
			try (Emulator emulator = Emulator.start(this.bench, dir, EMULATOR, deadline)) {
				List<String> command = new ArrayList<>(List.of(this.bench.java, "-Xmx2g", "-Xss512k"));
				command.addAll(jvm);
				command.addAll(List.of("-cp", classpath.toString(), "SdkPeer",
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
				waitFor(process, deadline, cpu, (pid) -> {
				});
				double wall = (System.nanoTime() - started) / 1e9;
				Matcher assigned = Pattern.compile("assigned=(\\d+)").matcher(Files.readString(dir.resolve("sdk.out")));
				return new Row("Microsoft Java SDK 2.1.3", String.join(" ", jvm), budget, devices,
						assigned.find() ? Long.parseLong(assigned.group(1)) : 0, wall, cpu.get().toMillis() / 1000.0);
			}
		}

		static String table(List<Row> rows, double load) {
			StringBuilder out = new StringBuilder();
			out.append(String.format(Locale.ROOT, "%nSide by side, measured %s on %d cores (%s); load average %.2f before"
					+ " the first run; emulator: %s%n%n", LocalDateTime.now().format(STAMP),
					Runtime.getRuntime().availableProcessors(),
					System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), load, EMULATOR));
			out.append("| client | JVM options | in flight | devices | assigned | wall s (JVM start included) | devices/s "
					+ "| CPU s (user + sys) | CPU ms per device |\n");
			out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
			for (Row r : rows) {
				out.append(String.format(Locale.ROOT, "| %s | %s | %d | %,d | %,d | %.1f | %.1f | %.1f | %.2f |%n",
						r.client(), r.jvm().isEmpty() ? "defaults" : r.jvm(), r.inFlight(), r.devices(), r.assigned(),
						r.wallSeconds(), r.devicesPerSecond(), r.cpuSeconds(), r.cpuMillisPerDevice()));
			}
			out.append('\n');
			for (int budget : budgets) {
				Optional<Row> ours = rows.stream().filter((r) -> r.inFlight() == budget && r.client().equals("dps-batch"))
					.findFirst();
				Optional<Row> sdk = rows.stream().filter((r) -> r.inFlight() == budget && !r.client().equals("dps-batch"))
					.max(Comparator.comparingDouble(Row::devicesPerSecond));
				if (ours.isPresent() && sdk.isPresent() && ours.get().assigned() > 0) {
					out.append(String.format(Locale.ROOT, "- %d in flight: dps-batch at %.1fx the devices/s of the SDK's best run, "
							+ "with 1/%.1f of its CPU per device%n", budget, ours.get().devicesPerSecond() / sdk.get().devicesPerSecond(),
							sdk.get().cpuMillisPerDevice() / ours.get().cpuMillisPerDevice()));
				}
			}
			return out.toString();
		}

	}

	/**
	 * Compiles bench/{@code name}.java against the class path Maven resolves from {@code pom} (into
	 * target/bench/{@code name}/) and returns the class path to run it with.
	 */
	Path compile(String name, String pom) throws IOException, InterruptedException {
		Path dir = this.work.resolve(name);
		Path classpathFile = dir.resolve("classpath.txt");
		Files.createDirectories(dir);
		String mvnw = this.root.resolve(isWindows() ? "mvnw.cmd" : "mvnw").toString();
		exec(List.of(mvnw, "-B", "-ntp", "-q", "-f", pom, "dependency:build-classpath",
				"-Dmdep.outputFile=" + classpathFile));
		String classpath = Files.readString(classpathFile).trim();
		Path classes = dir.resolve("classes");
		String javac = Path.of(this.java).resolveSibling(isWindows() ? "javac.exe" : "javac").toString();
		exec(List.of(javac, "-nowarn", "-d", classes.toString(), "-cp", classpath, "bench/" + name + ".java"));
		return Path.of(classes + File.pathSeparator + classpath);
	}

	private void exec(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(this.root.toFile()).inheritIO().start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException("failed: " + String.join(" ", command));
		}
	}

	private static boolean isWindows() {
		return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
	}

	// --- the HTTP clients, alone ---

	/**
	 * {@code bench/run.sh clients}: the CPU one DPS request costs with the JDK's HTTP client (dps-batch's)
	 * and with Apache HttpClient 5 async, measured by bench/HttpClientPeer.java against one emulator,
	 * {@link #CONNECTIONS} keep-alive connections each, alternating, {@link #ROUNDS} rounds; medians.
	 */
	static final class Clients {

		static final String NAME = "clients";

		static final int CONNECTIONS = 64;

		static final int ROUNDS = 3;

		static final List<String> CLIENTS = List.of("jdk", "apache");

		static String run(Bench bench, int requests) throws Exception {
			double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
			Path classpath = bench.compile("HttpClientPeer", "bench/clients/pom.xml");
			Path dir = bench.work.resolve(NAME);
			deleteRecursively(dir);
			Files.createDirectories(dir);
			Map<String, List<String>> lines = new LinkedHashMap<>();
			try (Emulator emulator = Emulator.start(bench, dir, Map.of("registrations-per-minute", "0"),
					Instant.now().plus(DEFAULT_TIME_LIMIT))) {
				for (int round = 0; round < ROUNDS; round++) {
					for (String client : CLIENTS) {
						List<String> command = new ArrayList<>(List.of(bench.java));
						command.addAll(LAUNCHER_JVM_OPTIONS);
						command.addAll(List.of("-cp", classpath.toString(), "HttpClientPeer", client,
								emulator.setting("dps.global-endpoint"), emulator.setting("dps.id-scope"),
								emulator.setting("dps.trust-store"), emulator.setting("dps.trust-store-password"),
								Integer.toString(CONNECTIONS), Integer.toString(requests / 3), Integer.toString(requests)));
						ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve(client + ".log").toFile());
						builder.environment().put("DPS_GROUP_KEY", emulator.setting("dps.group-key"));
						Process process = builder.start();
						String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
						process.waitFor();
						System.err.println("   " + line);
						lines.computeIfAbsent(client, (c) -> new ArrayList<>()).add(line);
					}
				}
			}
			StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nHTTP clients alone, measured %s on %d cores"
					+ " (%s); load average %.2f before; DPS register calls, %d connections, %,d requests after %,d of"
					+ " warm-up, JVM options %s; medians of %d rounds%n%n", LocalDateTime.now().format(STAMP),
					Runtime.getRuntime().availableProcessors(),
					System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), load, CONNECTIONS,
					requests, requests / 3, LAUNCHER_JVM_OPTIONS, ROUNDS));
			out.append("| client | CPU µs per request | requests/s | rounds (CPU µs) |\n| --- | ---: | ---: | --- |\n");
			lines.forEach((client, results) -> out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %s |%n",
					client, median(results, "cpuMicrosPerRequest"), median(results, "requestsPerSecond"),
					results.stream().map((r) -> field(r, "cpuMicrosPerRequest")).toList())));
			return out.toString();
		}

		private static String field(String line, String name) {
			Matcher m = Pattern.compile(name + "=([0-9.]+)").matcher(line);
			return m.find() ? m.group(1) : "?";
		}

		private static double median(List<String> lines, String name) {
			List<Double> values = lines.stream().map((l) -> field(l, name)).filter((v) -> !v.equals("?"))
				.map(Double::valueOf).sorted().toList();
			return values.isEmpty() ? Double.NaN : values.get(values.size() / 2);
		}

	}

	// --- the emulator, in a process of its own ---

	/** {@code java -jar target/dps-batch.jar emulator --port 0 --emulator.*=...}, its settings read from its output. */
	static final class Emulator implements AutoCloseable {

		private final Process process;

		private final Map<String, String> settings;

		private final List<String> output;

		private Emulator(Process process, Map<String, String> settings, List<String> output) {
			this.process = process;
			this.settings = settings;
			this.output = output;
		}

		static Emulator start(Bench bench, Path dir, Map<String, String> properties, Instant deadline)
				throws IOException, InterruptedException {
			return start(bench, dir, properties, Map.of(), deadline);
		}

		static Emulator start(Bench bench, Path dir, Map<String, String> properties, Map<String, String> environment,
				Instant deadline) throws IOException, InterruptedException {
			List<String> command = new ArrayList<>(List.of(bench.java));
			if (bench.profile) {
				command.add("-XX:StartFlightRecording=filename=" + dir.resolve("emulator.jfr") + ",settings=profile");
			}
			command.addAll(List.of("-jar", bench.jar.toString(), "emulator", "--port", "0",
					"--emulator.state-dir=" + dir.resolve("emulator")));
			properties.forEach((name, value) -> command.add("--emulator." + name + "=" + value));
			ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
				.redirectError(dir.resolve("emulator.log").toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			Map<String, String> settings = new HashMap<>();
			List<String> output = Collections.synchronizedList(new ArrayList<>());
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			Thread pump = new Thread(() -> {
				try {
					for (String line; (line = reader.readLine()) != null;) {
						output.add(line);
						Matcher m = Pattern.compile("^\\s+(dps\\.[a-z.-]+)=(.*)$").matcher(line);
						if (m.matches()) {
							synchronized (settings) {
								settings.put(m.group(1), m.group(2));
								settings.notifyAll();
							}
						}
					}
				}
				catch (IOException ex) {
					// the process ended
				}
			}, "emulator-output");
			pump.setDaemon(true);
			pump.start();
			Emulator emulator = new Emulator(process, settings, output);
			Instant ready = Instant.now().plusSeconds(60);
			synchronized (settings) {
				while (settings.size() < 7) {
					if (!process.isAlive() || Instant.now().isAfter(ready) || Instant.now().isAfter(deadline)) {
						emulator.close();
						throw new IllegalStateException("the emulator did not start; see " + dir.resolve("emulator.log"));
					}
					settings.wait(500);
				}
			}
			return emulator;
		}

		String setting(String name) {
			synchronized (this.settings) {
				return this.settings.get(name);
			}
		}

		Duration cpu() {
			return this.process.info().totalCpuDuration().orElse(Duration.ZERO);
		}

		/** Stops it (Ctrl-C, so that it prints its counts) and returns the counts it printed. */
		/** The admin API's counts ({@code GET /_emulator/counts}), as JSON; empty when it cannot be read. */
		String countsJson() {
			try (InputStream in = Files.newInputStream(Path.of(setting("dps.trust-store")))) {
				KeyStore trust = KeyStore.getInstance(setting("dps.trust-store-type"));
				trust.load(in, setting("dps.trust-store-password").toCharArray());
				TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory
					.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				factory.init(trust);
				SSLContext tls = SSLContext.getInstance("TLS");
				tls.init(null, factory.getTrustManagers(), null);
				HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
				return client.send(HttpRequest.newBuilder(
						URI.create(setting("dps.global-endpoint") + "/_emulator/counts")).build(),
						HttpResponse.BodyHandlers.ofString()).body();
			}
			catch (Exception ex) {
				return "";
			}
		}

		private boolean closingSummaryRead() {
			synchronized (this.output) {
				return this.output.stream().anyMatch((line) -> line.startsWith("TLS connections accepted"));
			}
		}

		String stop() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor();
			}
			// the output pump reads the closing summary, a few lines after "Emulator stopped."
			for (int i = 0; i < 50 && !closingSummaryRead(); i++) {
				Thread.sleep(100);
			}
			synchronized (this.output) {
				int from = 0;
				while (from < this.output.size() && !this.output.get(from).startsWith("Emulator stopped.")) {
					from++;
				}
				return String.join(" / ", this.output.subList(from, this.output.size()));
			}
		}

		@Override
		public void close() throws InterruptedException {
			if (this.process.isAlive()) {
				stop();
			}
		}

	}

	// --- where the provision process spends its CPU time ---

	/**
	 * Summarises a JFR recording's execution samples: each sample is charged to the first frame from the
	 * top that belongs to a known area (so a SHA-256 step inside a TLS handshake counts as TLS, and a hash
	 * map lookup inside Jackson as JSON), then the hottest methods by self time.
	 */
	static final class Profile {

		/** Checked in order against the class name of each frame, from the top of the stack down. */
		static final List<Map.Entry<String, List<String>>> AREAS = List.of(
				Map.entry("logging", List.of("ch.qos.logback.", "org.slf4j.", "org.apache.logging.")),
				Map.entry("JSON (Jackson)", List.of("tools.jackson.", "com.fasterxml.jackson.")),
				Map.entry("CSV parsing", List.of("org.apache.commons.csv.", "io.dpsbatch.manifest.")),
				Map.entry("key derivation and SAS (HMAC)", List.of("io.dpsbatch.keys.")),
				Map.entry("TLS", List.of("sun.security.ssl.", "javax.net.ssl.", "sun.security.ec.", "sun.security.rsa.",
						"sun.security.x509.", "sun.security.validator.", "sun.security.provider.certpath.")),
				Map.entry("database (H2, JDBC, Hikari, Spring JDBC/TX)", List.of("org.h2.", "com.zaxxer.",
						"org.springframework.jdbc.", "org.springframework.transaction.", "org.springframework.dao.")),
				Map.entry("Spring Batch", List.of("org.springframework.batch.")),
				Map.entry("HTTP client (JDK)", List.of("jdk.internal.net.http.", "java.net.http.")),
				Map.entry("dps-batch (other)", List.of("io.dpsbatch.")),
				Map.entry("sockets, NIO", List.of("sun.nio.", "java.nio.", "sun.net.")),
				Map.entry("crypto primitives (outside TLS/keys)", List.of("com.sun.crypto.", "sun.security.provider.",
						"javax.crypto.")),
				Map.entry("concurrency (executors, futures)", List.of("java.util.concurrent.")));

		static String summarise(Path jfr) throws IOException {
			Map<String, Long> areas = new LinkedHashMap<>();
			Map<String, Long> selfTime = new HashMap<>();
			Map<String, Long> threads = new HashMap<>();
			long total = 0;
			for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
				if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
					continue;
				}
				RecordedStackTrace stack = event.getStackTrace();
				if (stack == null || stack.getFrames().isEmpty()) {
					continue;
				}
				total++;
				List<RecordedFrame> frames = stack.getFrames();
				RecordedFrame top = frames.get(0);
				selfTime.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
				areas.merge(area(frames), 1L, Long::sum);
				String thread = Optional.ofNullable(event.getThread("sampledThread"))
					.map((t) -> t.getJavaName() == null ? "?" : t.getJavaName().replaceAll("-?\\d+$", "-N"))
					.orElse("?");
				threads.merge(thread, 1L, Long::sum);
			}
			StringBuilder out = new StringBuilder();
			out.append(String.format(Locale.ROOT, "Profile of %s: %,d execution samples%n", jfr, total));
			out.append(section("CPU samples by area (first known frame from the top)", areas, total, 20));
			out.append(section("by thread", threads, total, 10));
			out.append(section("hottest methods (self)", selfTime, total, 25));
			return out.toString();
		}

		private static String area(List<RecordedFrame> frames) {
			for (RecordedFrame frame : frames) {
				String type = frame.getMethod().getType().getName();
				for (Map.Entry<String, List<String>> area : AREAS) {
					for (String prefix : area.getValue()) {
						if (type.startsWith(prefix)) {
							return area.getKey();
						}
					}
				}
			}
			return "other (JDK, JIT, collections)";
		}

		private static String section(String title, Map<String, Long> counts, long total, int limit) {
			StringBuilder out = new StringBuilder("  " + title + ":\n");
			counts.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
				.limit(limit)
				.forEach((entry) -> out.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n",
						100.0 * entry.getValue() / Math.max(1, total), entry.getKey())));
			return out.toString();
		}

	}

}
