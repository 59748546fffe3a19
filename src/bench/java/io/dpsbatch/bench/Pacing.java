package io.dpsbatch.bench;

import java.time.Duration;
import java.util.Map;

/**
 * The client keeps to the pace it is given, just under a DPS registration quota, which
 * then refuses next to nothing.
 */
final class Pacing extends Scenario {

	static final int QUOTA = 1_000;

	static final int MIN_PER_MINUTE = 950;

	static final double MAX_THROTTLED_PERCENT = 1;

	Pacing() {
		super("pacing", 3_000, emulator(QUOTA, "1s", 1),
				settings("registrations-per-minute", Integer.toString(QUOTA), "max-in-flight", "128"), "512m",
				Duration.ofMinutes(10));
	}

	@Override
	String target() {
		return format(">= %s registrations/min over the run, < %s%% of register calls answered 429",
				number(MIN_PER_MINUTE), number(MAX_THROTTLED_PERCENT));
	}

	@Override
	String verdict(Result result, Map<String, Result> done) {
		double perMinute = result.sentPerMinute();
		long throttled = result.summary().throttledResponses();
		double share = Result.percent(throttled, result.sent());
		return format(
				"%.0f registrations/min over the run (%.1f%% of %s), %d of %d register calls answered 429 "
						+ "(%.2f%%): %s",
				perMinute, 100 * perMinute / QUOTA, number(QUOTA), throttled, result.sent(), share,
				pass(perMinute >= MIN_PER_MINUTE && share < MAX_THROTTLED_PERCENT));
	}

}
