package io.dpsbatch.bench;

import java.time.Duration;
import java.util.Map;

/**
 * Injected 429s, 503s and dropped connections: every device still assigned, at a pace not
 * far below a clean run's.
 */
final class Faults extends Scenario {

	/** The share of {@link FaultsClean}'s devices a second it must keep. */
	static final double MIN_SHARE_PERCENT = 40;

	Faults() {
		super("faults", 1_500,
				settings(emulator(0, "1s", 1), "faults.throttle-rate", "0.10", "faults.unavailable-rate", "0.05",
						"faults.drop-connection-rate", "0.03", "faults.seed", "7"),
				Map.of(), "512m", Duration.ofMinutes(15));
	}

	@Override
	String target() {
		return format("every device assigned, >= %s%% of %s's devices/s", number(MIN_SHARE_PERCENT), FaultsClean.NAME);
	}

	@Override
	String verdict(Result result, Map<String, Result> done) {
		Result clean = done.get(FaultsClean.NAME);
		double rate = result.devices() / result.wallSeconds();
		if (clean == null) {
			return format("%.1f devices/s (wall); run %s first to compare", rate, FaultsClean.NAME);
		}
		double cleanRate = clean.devices() / clean.wallSeconds();
		return format("%.1f devices/s (wall) against %.1f without faults (%.0f%%), p50 latency %d ms: %s", rate,
				cleanRate, 100 * rate / cleanRate, result.p50Latency(),
				pass(result.incompleteness().isEmpty() && rate >= MIN_SHARE_PERCENT / 100 * cleanRate));
	}

}
