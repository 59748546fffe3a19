package io.dpsbatch.bench;

import java.time.Duration;
import java.util.Map;

/** What dps-batch itself costs: an emulator that answers at once, no quota, no pace. */
final class Overhead extends Scenario {

	static final int MIN_DEVICES_PER_SECOND = 1_000;

	Overhead() {
		super("overhead", 20_000, emulator(0, "0s", 0), unpaced(128), "512m", Duration.ofMinutes(15));
	}

	@Override
	String target() {
		return format(">= %s devices/s end to end", number(MIN_DEVICES_PER_SECOND));
	}

	@Override
	String verdict(Result result, Map<String, Result> done) {
		double rate = result.summary().devicesPerSecond();
		return format("%.0f devices/s end to end (import to export): %s", rate, pass(rate >= MIN_DEVICES_PER_SECOND));
	}

}
