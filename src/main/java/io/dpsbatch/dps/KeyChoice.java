package io.dpsbatch.dps;

import io.dpsbatch.keys.DeviceKey;
import io.dpsbatch.keys.EnrollmentKeys;

/**
 * Which group key one device signs its requests with, and what DPS has said of it so far. The key is chosen
 * when the device's first request goes out, not when the device started waiting for its turn, so that a
 * rotation the run learned meanwhile ({@link KeyVerdicts#startWithSecondary()}) applies to it. Its steps
 * never overlap but run on different threads, hence the volatile state.
 */
final class KeyChoice {

	private final EnrollmentKeys keys;

	private final StatisticsCounters statistics;

	private final String registrationId;

	private volatile DeviceKey deviceKey;

	private volatile boolean onSecondary;

	private volatile boolean triedPrimary;

	private volatile boolean triedSecondary;

	/** The last answer was a 401: another one means DPS refuses the key, not the token. */
	private volatile boolean unauthorizedInARow;

	KeyChoice(EnrollmentKeys keys, StatisticsCounters statistics, String registrationId) {
		this.keys = keys;
		this.statistics = statistics;
		this.registrationId = registrationId;
	}

	/** The key the next request is signed with; {@code null} until the device was admitted. */
	DeviceKey deviceKey() {
		return this.deviceKey;
	}

	boolean onSecondary() {
		return this.onSecondary;
	}

	void use(boolean secondary) {
		this.onSecondary = secondary;
		if (secondary) {
			this.triedSecondary = true;
			this.deviceKey = this.keys.secondary().deriveDeviceKey(this.registrationId);
			this.statistics.switchedToSecondaryKey();
		}
		else {
			this.triedPrimary = true;
			this.deviceKey = this.keys.primary().deriveDeviceKey(this.registrationId);
		}
	}

	/** A secondary key is configured and this device has not tried the key it is not on. */
	boolean otherKeyUntried() {
		return this.keys.hasSecondary() && !(this.onSecondary ? this.triedPrimary : this.triedSecondary);
	}

	void switchToOtherKey() {
		use(!this.onSecondary);
	}

	/** DPS answered: whether the answer before was a 401, which this forgets. */
	boolean answeredAfterUnauthorized() {
		boolean before = this.unauthorizedInARow;
		this.unauthorizedInARow = false;
		return before;
	}

	/** DPS refused the token once: one more try with a new token tells an expired token from a wrong key. */
	void unauthorizedOnce() {
		this.unauthorizedInARow = true;
	}

	/** No answer came: a 401 before it and one after it are not "in a row". */
	void noAnswer() {
		this.unauthorizedInARow = false;
	}

	static String name(boolean secondary) {
		return secondary ? "secondary" : "primary";
	}

}
