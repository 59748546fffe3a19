package io.dpsbatch.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.keys.InvalidKeyException;

/**
 * How the devices of an enrollment prove who they are: for dps-batch, symmetric keys
 * (docs/dps.md#service-api-client-facts). {@link #toString()} never shows a key.
 *
 * @param type {@code symmetricKey} (DPS also knows {@code tpm} and {@code x509})
 * @param symmetricKey the keys; {@code null} keys ask DPS to generate them when creating
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttestationMechanism(String type, SymmetricKeys symmetricKey) {

	static final String SYMMETRIC_KEY = "symmetricKey";

	/** Symmetric keys chosen by the caller, or, when both are {@code null}, by DPS. */
	public static AttestationMechanism symmetricKey(String primaryKey, String secondaryKey) {
		return new AttestationMechanism(SYMMETRIC_KEY, new SymmetricKeys(primaryKey, secondaryKey));
	}

	/** Whether both keys are set: the enrollment's keys were chosen by its creator. */
	boolean hasBothKeys() {
		return this.symmetricKey != null && this.symmetricKey.primaryKey() != null
				&& this.symmetricKey.secondaryKey() != null;
	}

	/**
	 * An enrollment's symmetric keys, base64 (16 to 64 bytes). Secrets:
	 * {@link #toString()} never shows them.
	 *
	 * @param primaryKey the primary key
	 * @param secondaryKey the secondary key
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record SymmetricKeys(String primaryKey, String secondaryKey) {

		/**
		 * Whether either key is {@code key}: how a run checks that the enrollment group
		 * it signs for is the one DPS has, without showing either key.
		 */
		public boolean holds(GroupKey key) {
			return same(this.primaryKey, key) || same(this.secondaryKey, key);
		}

		private static boolean same(String base64, GroupKey key) {
			if (base64 == null) {
				return false;
			}
			try {
				return GroupKey.fromBase64(base64).equals(key);
			}
			catch (InvalidKeyException ex) {
				return false;
			}
		}

		@Override
		public String toString() {
			return "SymmetricKeys[primaryKey=" + hidden(this.primaryKey) + ", secondaryKey=" + hidden(this.secondaryKey)
					+ "]";
		}

		private static String hidden(String key) {
			return (key != null) ? "[hidden]" : "null";
		}

	}

}
