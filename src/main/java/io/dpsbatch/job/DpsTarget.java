package io.dpsbatch.job;

import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.dps.DpsRegistrar;
import io.dpsbatch.dps.EnrollmentKeysLoader;
import io.dpsbatch.keys.EnrollmentKeys;

/**
 * The DPS instance a run talks to and the enrollment keys it signs with: the configured one, or the
 * embedded emulator when the run was started with {@code --emulator}. Keys are loaded when first
 * needed, so a configuration problem surfaces as a clear message from the command that needs them.
 */
public final class DpsConnection {

	private final DpsProperties properties;

	private volatile EnrollmentKeys keys;

	DpsConnection(DpsProperties properties) {
		this.properties = properties;
	}

	public DpsProperties properties() {
		return this.properties;
	}

	/** @throws io.dpsbatch.dps.DpsConfigurationException when no usable key is configured */
	public EnrollmentKeys keys() {
		EnrollmentKeys loaded = this.keys;
		if (loaded == null) {
			loaded = EnrollmentKeysLoader.load(this.properties);
			this.keys = loaded;
		}
		return loaded;
	}

	/** A client for one run; validates the configuration (ID scope, trust store, limits). */
	public DpsRegistrar openRegistrar() {
		return new DpsRegistrar(this.properties, keys());
	}

}
