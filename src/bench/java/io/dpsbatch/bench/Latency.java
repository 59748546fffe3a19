package io.dpsbatch.bench;

import java.time.Duration;
import java.util.Map;

/**
 * Without a quota, the register step keeps its devices in flight busy. By Little's law
 * (devices in flight = throughput x mean latency), M devices in flight of mean latency L
 * give M / L devices a second.
 */
final class Latency extends Scenario {

	static final int IN_FLIGHT = 256;

	/** The share of M / L the register step must reach. */
	static final double SHARE = 0.9;

	Latency() {
		super("latency", 10_000, emulator(0, "2s", 1), unpaced(IN_FLIGHT), "512m", Duration.ofMinutes(15));
	}

	@Override
	String target() {
		return format("register step >= %s x %d / L devices/s (L = mean latency per device)", number(SHARE), IN_FLIGHT);
	}

	@Override
	String verdict(Result result, Map<String, Result> done) {
		long l = result.meanLatency();
		double needed = (l > 0) ? SHARE * IN_FLIGHT / (l / 1000.0) : Double.NaN;
		double rate = result.registerStepRate();
		return format(
				"L = %d ms (mean per device; p50 %d ms), needed %s x %d / L = %.1f devices/s, register step "
						+ "%.1f devices/s (%.0f%% of %d / L): %s",
				l, result.p50Latency(), number(SHARE), IN_FLIGHT, needed, rate, 100 * rate / (needed / SHARE),
				IN_FLIGHT, pass(rate >= needed));
	}

}
