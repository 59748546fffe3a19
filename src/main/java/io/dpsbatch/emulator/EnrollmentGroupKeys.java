package io.dpsbatch.emulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.dpsbatch.keys.GroupKey;

/**
 * An enrollment group of the emulator: its primary and secondary keys and which of them
 * device SAS tokens may be derived from. A key not given in the properties is generated
 * once (64 random bytes, the size DPS generates) and kept in the state directory, so that
 * it stays the same across starts.
 */
final class EnrollmentGroupKeys {

	static final String PRIMARY_FILE = "group-key";

	static final String SECONDARY_FILE = "secondary-group-key";

	private static final int GENERATED_KEY_BYTES = 64;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String primaryBase64;

	private final String secondaryBase64;

	private final List<GroupKey> accepted;

	private EnrollmentGroupKeys(String primaryBase64, String secondaryBase64,
			EmulatorProperties.AcceptKeys acceptKeys) {
		this.primaryBase64 = primaryBase64;
		this.secondaryBase64 = secondaryBase64;
		List<GroupKey> accepted = new ArrayList<>(2);
		if (acceptKeys.primary()) {
			accepted.add(GroupKey.fromBase64(primaryBase64));
		}
		if (acceptKeys.secondary()) {
			accepted.add(GroupKey.fromBase64(secondaryBase64));
		}
		this.accepted = List.copyOf(accepted);
	}

	/**
	 * The configured keys, or the ones kept in (or now generated into) the state
	 * directory. Call exclusively.
	 */
	static EnrollmentGroupKeys loadOrCreate(EmulatorProperties properties, StateDirectory state) {
		return loadOrCreate(properties.groupKey(), properties.secondaryGroupKey(), properties.acceptKeys(), state, "");
	}

	/**
	 * The keys of a group, configured or kept in the state directory.
	 * @param fileSuffix appended to the state files' names: {@code ""} for the default
	 * group, {@code ".<name>"} for a named one ({@code group-key.line-b})
	 */
	static EnrollmentGroupKeys loadOrCreate(String primaryKey, String secondaryKey,
			EmulatorProperties.AcceptKeys accept, StateDirectory state, String fileSuffix) {
		String primary = (primaryKey != null) ? primaryKey.strip()
				: storedOrGenerated(state, PRIMARY_FILE + fileSuffix);
		String secondary = (secondaryKey != null) ? secondaryKey.strip()
				: storedOrGenerated(state, SECONDARY_FILE + fileSuffix);
		// both are checked, even one that is not accepted, so that a bad key is noticed
		// at start
		GroupKey.fromBase64(primary);
		GroupKey.fromBase64(secondary);
		return new EnrollmentGroupKeys(primary, secondary, accept);
	}

	/**
	 * The key kept in the state file, or a new one now kept there (mode 0600). Call
	 * exclusively.
	 */
	static String storedOrGenerated(StateDirectory state, String fileName) {
		return state.readText(fileName).orElseGet(() -> {
			String base64 = newKey();
			state.writeSecret(fileName, base64.getBytes(StandardCharsets.US_ASCII));
			return base64;
		});
	}

	/** A new random key of the size DPS generates, base64. */
	static String newKey() {
		byte[] key = new byte[GENERATED_KEY_BYTES];
		RANDOM.nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	String primaryBase64() {
		return this.primaryBase64;
	}

	String secondaryBase64() {
		return this.secondaryBase64;
	}

	/** The keys a device key may be derived from, primary first. */
	List<GroupKey> accepted() {
		return this.accepted;
	}

	@Override
	public String toString() {
		return "EnrollmentGroupKeys[hidden]";
	}

}
