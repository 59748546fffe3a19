package io.dpsbatch.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An enrollment group key. It is a secret: it never appears in {@link #toString()}, in an
 * exception message or anywhere at rest. Device keys are derived from it on demand,
 * because they are a pure function of the group key and the registration ID.
 */
public final class GroupKey {

	/** DPS accepts symmetric keys of 16 to 64 bytes. */
	static final int MIN_BYTES = 16;

	static final int MAX_BYTES = 64;

	private static final String HMAC_SHA256 = "HmacSHA256";

	/**
	 * One HMAC engine per thread: looking one up ({@code Mac.getInstance}) costs more
	 * than the HMAC of a registration ID itself, and every device needs one for its key
	 * and one per request for its SAS token. An engine is re-keyed for every use, so what
	 * it held before never leaks into a result.
	 */
	private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(GroupKey::newHmac);

	private final byte[] key;

	private GroupKey(byte[] key) {
		this.key = key;
	}

	/**
	 * Reads a base64 group key as DPS shows it in the portal.
	 * @throws InvalidKeyException with a message that names the problem but never the key
	 */
	public static GroupKey fromBase64(String base64) {
		return new GroupKey(decode(base64, "the group key"));
	}

	/**
	 * The bytes of a base64 DPS symmetric key (16 to 64 bytes), surrounding whitespace
	 * ignored.
	 * @param what how messages name the key ("the group key")
	 * @throws InvalidKeyException with a message that names the problem but never the key
	 */
	static byte[] decode(String base64, String what) {
		if (base64 == null || base64.isBlank()) {
			throw new InvalidKeyException(what + " is empty");
		}
		byte[] decoded;
		try {
			decoded = Base64.getDecoder().decode(base64.strip());
		}
		catch (IllegalArgumentException ex) {
			// the decoder's message quotes the offending character, so it is not passed
			// on
			throw new InvalidKeyException(what + " is not valid base64");
		}
		if (decoded.length < MIN_BYTES || decoded.length > MAX_BYTES) {
			throw new InvalidKeyException(what + " decodes to " + decoded.length + " bytes; DPS symmetric keys are "
					+ MIN_BYTES + " to " + MAX_BYTES + " bytes");
		}
		return decoded;
	}

	/**
	 * HMAC-SHA256 of the registration ID's UTF-8 bytes, keyed with the group key (exact
	 * bytes, case-sensitive).
	 */
	public DeviceKey deriveDeviceKey(String registrationId) {
		return new DeviceKey(hmacSha256(this.key, registrationId.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * A short, non-reversible fingerprint that lets an operator tell two keys apart (for
	 * example which key a batch was started with) without revealing either.
	 */
	public String fingerprint() {
		return fingerprint(this.key);
	}

	/**
	 * {@code sha256:} and the first 6 bytes of the key's SHA-256 in hex: tells keys
	 * apart, reveals none.
	 */
	static String fingerprint(byte[] key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
			return "sha256:" + java.util.HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	static byte[] hmacSha256(byte[] key, byte[] message) {
		Mac mac = HMAC.get();
		try {
			mac.init(new SecretKeySpec(key, HMAC_SHA256));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 refused a key", ex);
		}
		return mac.doFinal(message);
	}

	private static Mac newHmac() {
		try {
			return Mac.getInstance(HMAC_SHA256);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof GroupKey that && MessageDigest.isEqual(this.key, that.key);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.key);
	}

	@Override
	public String toString() {
		return "GroupKey[hidden]";
	}

}
