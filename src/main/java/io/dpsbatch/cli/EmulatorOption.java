package io.dpsbatch.cli;

import java.util.Map;

import picocli.CommandLine.Option;

/**
 * {@code --emulator}: run against the embedded DPS emulator. A picocli mixin; each
 * command's description of it is {@code dps-batch.<command>.emulator} in
 * {@code options.properties}.
 */
class EmulatorOption {

	@Option(names = "--emulator", descriptionKey = "emulator")
	boolean emulator;

	/** The application properties that start the embedded emulator, or none. */
	Map<String, Object> properties() {
		return this.emulator ? Map.of(ProvisioningTargetConfiguration.EMBEDDED_EMULATOR, "true") : Map.of();
	}

}
