package io.dpsbatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark scenario: a batch provisioned by the jar against an emulator with given
 * settings, and what it must achieve. Each one states its target and judges its result
 * from the same numbers, defined once in its class.
 */
abstract sealed class Scenario permits Pacing, Latency, Overhead, Scale, SharedQuota, FieldSurge, FaultsClean, Faults,
		Enrollments, InFlight, SideBySide {

	/**
	 * JVM options of the dps-batch launcher (./dps-batch): C1 only, because a run's CPU
	 * would otherwise go mostly to C2 compiling code that a run of minutes barely uses
	 * (see docs/performance.md#c1-only). The launcher also maps a class data archive of
	 * the extracted jar, when it could make one: the scenarios run as the launcher does
	 * use it too.
	 */
	static final List<String> LAUNCHER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

	/**
	 * The register calls a minute the client paces itself to unless told
	 * (dps.registrations-per-minute).
	 */
	static final int DEFAULT_PACE = 900;

	private final String name;

	private final int devices;

	private final Map<String, String> emulator;

	private final Map<String, String> client;

	private final String heap;

	private final Duration timeLimit;

	/**
	 * @param devices the devices it runs with unless --devices says otherwise
	 * @param emulator emulator.* settings
	 * @param client dps.* settings of the provision run
	 * @param heap -Xmx of the provision run
	 * @param timeLimit every process it starts is stopped after this, whatever happens
	 */
	Scenario(String name, int devices, Map<String, String> emulator, Map<String, String> client, String heap,
			Duration timeLimit) {
		this.name = name;
		this.devices = devices;
		this.emulator = emulator;
		this.client = client;
		this.heap = heap;
		this.timeLimit = timeLimit;
	}

	final String name() {
		return this.name;
	}

	final int devices() {
		return this.devices;
	}

	final Map<String, String> emulator() {
		return this.emulator;
	}

	final Map<String, String> client() {
		return this.client;
	}

	final String heap() {
		return this.heap;
	}

	final Duration timeLimit() {
		return this.timeLimit;
	}

	/** What it must achieve, in words, with the numbers {@link #verdict} checks. */
	abstract String target();

	/**
	 * What it achieved against its {@link #target}, ending with {@link #pass}. Nothing
	 * for a scenario that is not judged alone (a baseline, one side of a comparison):
	 * every other one overrides this.
	 * @param done the results of the scenarios run before it, by name
	 */
	String verdict(Result result, Map<String, Result> done) {
		return "";
	}

	/**
	 * Whether it runs the jar as ./dps-batch does: {@link #LAUNCHER_JVM_OPTIONS} and the
	 * class data archive.
	 */
	boolean asLauncher() {
		return false;
	}

	Path manifest(Workspace workspace, int count) throws IOException {
		return Manifests.devices(workspace, count);
	}

	/**
	 * Environment variables of the emulator: where secrets go, never on a command line
	 * that ps shows.
	 */
	Map<String, String> emulatorEnvironment() {
		return Map.of();
	}

	/** Environment variables of the provision process, for the same reason. */
	Map<String, String> clientEnvironment() {
		return Map.of();
	}

	/** Its settings as the table's notes give them. */
	final String settingsText() {
		List<String> parts = new ArrayList<>();
		this.emulator.forEach((setting, value) -> parts.add("emulator." + setting + "=" + value));
		this.client.forEach((setting, value) -> parts.add("dps." + setting + "=" + value));
		parts.add("-Xmx" + this.heap);
		return String.join(", ", parts);
	}

	/**
	 * Emulator settings: a registration quota (0: none), an assignment time and the
	 * Retry-After it answers.
	 */
	static Map<String, String> emulator(int quotaPerMinute, String assignmentDelay, int retryAfter) {
		return settings("registrations-per-minute", Integer.toString(quotaPerMinute), "assignment-delay",
				assignmentDelay, "retry-after", Integer.toString(retryAfter));
	}

	/**
	 * Client settings of a run that is not paced, only bounded by the devices in flight.
	 */
	static Map<String, String> unpaced(int maxInFlight) {
		return settings("registrations-per-minute", "1000000", "max-in-flight", Integer.toString(maxInFlight));
	}

	/**
	 * Settings in the order given (so the table's notes read the same on every run), from
	 * name, value pairs.
	 */
	static Map<String, String> settings(String... namesAndValues) {
		Map<String, String> settings = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			settings.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return settings;
	}

	/** Settings followed by more. */
	static Map<String, String> settings(Map<String, String> first, String... namesAndValues) {
		Map<String, String> settings = new LinkedHashMap<>(first);
		settings.putAll(settings(namesAndValues));
		return settings;
	}

	/** A number of a target as people write it: 1,000 and 50,000, 0.9 and 1.2. */
	static String number(double value) {
		return (value == Math.rint(value)) ? String.format(Locale.ROOT, "%,d", (long) value) : Double.toString(value);
	}

	static String pass(boolean met) {
		return met ? "target met" : "TARGET MISSED";
	}

	static String format(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
