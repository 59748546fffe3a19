package io.dpsbatch.emulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.dpsbatch.keys.GroupKey;

/**
 * The emulator's enrollment group: its primary and secondary keys and which of them device SAS
 * tokens may be derived from. A key not given in the properties is generated once (64 random bytes,
 * the size DPS generates) and kept in the state directory, so that it stays the same across starts.
 */
final class EnrollmentGroupKeys {

	static final String PRIMARY_FILE = "group-key";

	static final String SECONDARY_FILE = "secondary-group-key";

	private static final int GENERATED_KEY_BYTES = 64;

	private final String primaryBase64;

	private final String secondaryBase64;

	private final List<GroupKey> accepted;

	private EnrollmentGroupKeys(String primaryBase64, String secondaryBase64, EmulatorProperties.AcceptKeys acceptKeys) {
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

	/** The configured keys, or the ones kept in (or now generated into) the state directory. Call exclusively. */
	static EnrollmentGroupKeys loadOrCreate(EmulatorProperties properties, StateDirectory state) {
		String primary = (properties.groupKey() != null) ? properties.groupKey().strip()
				: storedOrGenerated(state, PRIMARY_FILE);
		String secondary = (properties.secondaryGroupKey() != null) ? properties.secondaryGroupKey().strip()
				: storedOrGenerated(state, SECONDARY_FILE);
		// both are checked, even one that is not accepted, so that a bad key is noticed at start
		GroupKey.fromBase64(primary);
		GroupKey.fromBase64(secondary);
		return new EnrollmentGroupKeys(primary, secondary, properties.acceptKeys());
	}

	private static String storedOrGenerated(StateDirectory state, String fileName) {
		return state.readText(fileName).orElseGet(() -> {
			byte[] key = new byte[GENERATED_KEY_BYTES];
			new SecureRandom().nextBytes(key);
			String base64 = Base64.getEncoder().encodeToString(key);
			state.writeSecret(fileName, base64.getBytes(StandardCharsets.US_ASCII));
			return base64;
		});
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
