package io.dpsbatch.bench;

import java.time.Duration;
import java.util.Map;

/**
 * The {@link Faults} scenario without its faults: the pace that one is judged against.
 */
final class FaultsClean extends Scenario {

	static final String NAME = "faults-clean";

	FaultsClean() {
		super(NAME, 1_500, emulator(0, "1s", 1), Map.of(), "512m", Duration.ofMinutes(10));
	}

	@Override
	String target() {
		return "the baseline of the faults scenario";
	}

}
