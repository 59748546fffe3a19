package io.dpsbatch.keys;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * A device's derived symmetric key. Like the group key it is a secret; only
 * {@link #toBase64()} reveals it, for credentials.csv and the derive-key command.
 */
public final class DeviceKey {

	private final byte[] key;

	DeviceKey(byte[] key) {
		this.key = key;
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
