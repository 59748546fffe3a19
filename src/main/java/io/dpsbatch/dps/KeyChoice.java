package io.dpsbatch.dps;

import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.enrollment.SigningKeys;
import io.dpsbatch.keys.DeviceKey;

/**
 * Which key one device signs its requests with, and what DPS has said of it so far. The
 * device's keys come from its enrollment ({@link Enrollment#keysFor}: derived from a
 * group's keys, or an individual enrollment's own, read from its keys file) when its
 * first request goes out, and are kept for the device's life in flight; which of them
 * signs is chosen then too, not when the device started waiting for its turn, so that a
 * rotation the run learned meanwhile ({@link KeyVerdicts#startWithSecondary()}) applies
 * to it. Its steps never overlap but run on different threads, hence the volatile state.
 */
final class KeyChoice {

	private final Enrollment enrollment;

	private final StatisticsCounters statistics;

	private final String registrationId;

	private volatile SigningKeys keys;

	private volatile DeviceKey deviceKey;

	private volatile boolean onSecondary;

	private volatile boolean triedPrimary;

	private volatile boolean triedSecondary;

	/**
	 * The last answer was a 401: another one means DPS refuses the key, not the token.
	 */
	private volatile boolean unauthorizedInARow;

	KeyChoice(Enrollment enrollment, StatisticsCounters statistics, String registrationId) {
		this.enrollment = enrollment;
		this.statistics = statistics;
		this.registrationId = registrationId;
	}

	/**
	 * The key the next request is signed with; {@code null} until the device was
	 * admitted.
	 */
	DeviceKey deviceKey() {
		return this.deviceKey;
	}

	boolean onSecondary() {
		return this.onSecondary;
	}

	/**
	 * Signs the next requests with the secondary key (when the device has one) or the
	 * primary.
	 * @throws MissingDeviceKeyException when the keys file no longer has the device's
	 * keys
	 */
	void use(boolean secondary) {
		SigningKeys signing = signingKeys();
		if (secondary && signing.hasSecondary()) {
			this.onSecondary = true;
			this.triedSecondary = true;
			this.deviceKey = signing.secondary();
			this.statistics.switchedToSecondaryKey();
		}
		else {
			this.onSecondary = false;
			this.triedPrimary = true;
			this.deviceKey = signing.primary();
		}
	}

	/** The device has a secondary key and has not tried the key it is not on. */
	boolean otherKeyUntried() {
		return signingKeys().hasSecondary() && !(this.onSecondary ? this.triedPrimary : this.triedSecondary);
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

	/**
	 * DPS refused the token once: one more try with a new token tells an expired token
	 * from a wrong key.
	 */
	void unauthorizedOnce() {
		this.unauthorizedInARow = true;
	}

	/** No answer came: a 401 before it and one after it are not "in a row". */
	void noAnswer() {
		this.unauthorizedInARow = false;
	}

	private SigningKeys signingKeys() {
		SigningKeys signing = this.keys;
		if (signing == null) {
			// one positional read of the keys file for an individual enrollment; the
			// steps never overlap
			signing = this.enrollment.keysFor(this.registrationId)
				.orElseThrow(() -> new MissingDeviceKeyException(
						"no key for device '" + this.registrationId + "' in the individual keys file of "
								+ this.enrollment.describe() + ": the file changed since the device was imported"));
			this.keys = signing;
		}
		return signing;
	}

	static String name(boolean secondary) {
		return secondary ? "secondary" : "primary";
	}

	/**
	 * The device's row left the keys file after the import checked it: the device ends in
	 * ERROR, not the run.
	 */
	static final class MissingDeviceKeyException extends IllegalStateException {

		MissingDeviceKeyException(String message) {
			super(message);
		}

	}

}
