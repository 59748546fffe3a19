package io.dpsbatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import io.dpsbatch.emulator.EmulatorCounts;

/**
 * One manifest over two DPS instances (two enrollment groups), each instance with its own
 * quota: the client paces each one apart.
 */
final class Enrollments extends Scenario {

	/** The second enrollment group, in a DPS instance of its own. */
	static final String SECOND_GROUP = "lineb";

	static final String SECOND_SCOPE = "0ne00BENCH2";

	/**
	 * The second group's key, the same for the emulator and the client: a key for this
	 * benchmark only, passed by environment, never on a command line.
	 */
	static final String SECOND_GROUP_KEY = Base64.getEncoder()
		.encodeToString(
				"bench: the second group's key, 64 bytes, not a secret anywhere..".getBytes(StandardCharsets.US_ASCII));

	static final int QUOTA = 1_000;

	static final int INSTANCES = 2;

	static final int MIN_PER_MINUTE = 850;

	static final double MAX_THROTTLED_PERCENT = 1;

	Enrollments() {
		super("enrollments", 3_000,
				settings(emulator(QUOTA, "1s", 1), "enrollments." + SECOND_GROUP + ".id-scope", SECOND_SCOPE),
				settings("enrollments." + SECOND_GROUP + ".id-scope", SECOND_SCOPE), "512m", Duration.ofMinutes(10));
	}

	@Override
	String target() {
		return format("each instance paced apart at the default %d/min: >= %s register calls/min to each, < %s%% "
				+ "answered 429", DEFAULT_PACE, number(MIN_PER_MINUTE), number(MAX_THROTTLED_PERCENT));
	}

	@Override
	String verdict(Result result, Map<String, Result> done) {
		// each instance's register calls (the emulator's own count, per ID scope) over
		// the register step's time (devices / its devices per second): the import and the
		// export pace nothing
		double step = (result.registerStepRate() > 0) ? result.devices() / result.registerStepRate()
				: result.runSeconds();
		Map<String, EmulatorCounts.InstanceCounts> instances = result.counts()
			.map(EmulatorCounts::instances)
			.orElse(Map.of());
		StringBuilder rates = new StringBuilder();
		boolean met = instances.size() == INSTANCES;
		for (Map.Entry<String, EmulatorCounts.InstanceCounts> instance : instances.entrySet()) {
			long calls = instance.getValue().registerCalls();
			long refused = instance.getValue().throttled();
			double perMinute = Result.perMinute(calls, step);
			double share = Result.percent(refused, calls);
			rates.append(format("%s %.0f register calls/min (%d of %d answered 429, %.2f%%); ", instance.getKey(),
					perMinute, refused, calls, share));
			met &= perMinute >= MIN_PER_MINUTE && share < MAX_THROTTLED_PERCENT;
		}
		return rates + format("%.0f/min together over the register step's %.0f s: %s",
				Result.perMinute(result.sent(), step), step, pass(met));
	}

	@Override
	Path manifest(Workspace workspace, int count) throws IOException {
		return Manifests.mixed(workspace, count, SECOND_GROUP);
	}

	@Override
	Map<String, String> emulatorEnvironment() {
		return Map.of("EMULATOR_ENROLLMENTS_" + SECOND_GROUP.toUpperCase(Locale.ROOT) + "_GROUPKEY", SECOND_GROUP_KEY);
	}

	@Override
	Map<String, String> clientEnvironment() {
		return Map.of("DPS_ENROLLMENTS_" + SECOND_GROUP.toUpperCase(Locale.ROOT) + "_GROUPKEY", SECOND_GROUP_KEY);
	}

}
