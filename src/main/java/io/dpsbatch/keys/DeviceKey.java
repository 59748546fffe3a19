package io.dpsbatch.keys;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * A device's symmetric key: derived from a group key, or an individual enrollment's own
 * key, which DPS generated and which signs the SAS token directly
 * (concepts-symmetric-key-attestation: "For individual enrollments, this signature is
 * produced by using the symmetric key (primary or secondary)"). Like the group key it is
 * a secret; only {@link #toBase64()} reveals it, for credentials.csv and the derive-key
 * command.
 */
public final class DeviceKey {

	private final byte[] key;

	DeviceKey(byte[] key) {
		this.key = key;
	}

	/**
	 * An individual enrollment's key as DPS shows it
	 * ({@code az iot dps enrollment show --show-keys}).
	 * @param what how messages name the key ("the primary key of device 'x'")
	 * @throws InvalidKeyException with a message that names the problem but never the key
	 */
	public static DeviceKey fromBase64(String base64, String what) {
		return new DeviceKey(GroupKey.decode(base64, what));
	}

	/** A short, non-reversible fingerprint, made like {@link GroupKey#fingerprint()}. */
	public String fingerprint() {
		return GroupKey.fingerprint(this.key);
	}

	/** The key as DPS and the device SDKs expect it. */
	public String toBase64() {
		return Base64.getEncoder().encodeToString(this.key);
	}

	/** HMAC-SHA256 with this key, as used to sign SAS tokens. */
	public byte[] sign(byte[] message) {
		return GroupKey.hmacSha256(this.key, message);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof DeviceKey that && MessageDigest.isEqual(this.key, that.key);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.key);
	}

	@Override
	public String toString() {
		return "DeviceKey[hidden]";
	}

}
