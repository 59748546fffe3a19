package io.dpsbatch.job;

import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.dps.DpsRegistrar;
import io.dpsbatch.dps.EnrollmentKeysLoader;
import io.dpsbatch.keys.EnrollmentKeys;

/**
 * The DPS instance a run targets and the enrollment keys it signs with: the configured one, or the embedded
 * emulator when the run was started with {@code --emulator} (the command line chooses). Keys are loaded when
 * first needed, so a configuration problem surfaces as a clear message from the command that needs them.
 * Checking the settings costs nothing; only a run opens a {@link DpsRegistrar} (threads, an HTTP client).
 */
public final class DpsTarget {

	private final DpsProperties properties;

	private volatile EnrollmentKeys keys;

	public DpsTarget(DpsProperties properties) {
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

	/**
	 * Checks the keys and every setting a run needs (ID scope, endpoint, trust store, proxy, limits) without
	 * opening a client.
	 * @return the keys
	 * @throws io.dpsbatch.dps.DpsConfigurationException when something cannot work
	 */
	EnrollmentKeys check() {
		EnrollmentKeys checked = keys();
		DpsRegistrar.checkSettings(this.properties);
		return checked;
	}

	/** A client for one run, to be closed when the run ends. */
	DpsRegistrar openRegistrar() {
		return new DpsRegistrar(this.properties, keys());
	}

}
