package io.dpsbatch.emulator;

import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault settings in force, switchable at runtime; a switch starts a new reproducible
 * draw sequence.
 */
final class FaultControl {

	private static final Logger logger = LoggerFactory.getLogger(FaultControl.class);

	private final AtomicReference<FaultInjector> injector;

	FaultControl(FaultSettings initial) {
		this.injector = new AtomicReference<>(new FaultInjector(initial));
	}

	FaultInjector injector() {
		return this.injector.get();
	}

	FaultSettings settings() {
		return this.injector.get().settings();
	}

	void apply(FaultSettings settings) {
		this.injector.set(new FaultInjector(settings));
		logger.info("DPS emulator faults now {}", settings);
	}

}
