package io.dpsbatch.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import io.dpsbatch.keys.SasToken;

/**
 * Checks a device's {@code Authorization} header the way DPS evidently does
 * (docs/dps.md#sas-token-spellings-the-sdks-send): the signature is verified over
 * {@code sr} <em>exactly as sent</em>, because Microsoft's own SDKs sign different
 * spellings of it (raw {@code scope/registrations/id}, {@code %2F}, {@code
 * %2f}) and all of them work. Once decoded, {@code sr} must name this device
 * (case-insensitively). {@code skn} may be {@code registration}, empty or absent; fields
 * may come in any order. The signature is checked with each key the device may sign with
 * in turn ({@link InstanceEnrollments#candidates}): keys derived from the registration ID
 * of the request path with each accepted group key, or an individual enrollment's own
 * keys.
 */
final class SasVerifier {

	private static final String SCHEME = "SharedAccessSignature";

	private final Clock clock;

	private final Duration maxTtl;

	/**
	 * @param clock the time a token's expiry is compared with
	 * @param maxTtl tokens expiring further away than this are refused; {@code null} for
	 * no limit
	 */
	SasVerifier(Clock clock, Duration maxTtl) {
		this.clock = clock;
		this.maxTtl = maxTtl;
	}

	/**
	 * The outcome of a check: the key that signed, or why the request is not authorised.
	 *
	 * @param signedWith the candidate whose key verified the signature, or {@code null}
	 * @param problem why the token does not authorise the request, in words fit for a log
	 * line (never the token), or {@code null}
	 */
	record Verification(InstanceEnrollments.Candidate signedWith, String problem) {

		static Verification refused(String problem) {
			return new Verification(null, problem);
		}

	}

	/**
	 * Checks {@code authorization} for a request for this device.
	 * @param candidates the keys the device may sign with, in the order they are tried
	 */
	Verification verify(String authorization, String idScope, String registrationId,
			List<InstanceEnrollments.Candidate> candidates) {
		if (authorization == null) {
			return Verification.refused("no Authorization header");
		}
		Fields fields;
		try {
			fields = Fields.parse(authorization);
		}
		catch (IllegalArgumentException ex) {
			return Verification.refused(ex.getMessage());
		}
		if (fields.skn() != null && !fields.skn().isEmpty() && !SasToken.POLICY_NAME.equals(fields.skn())) {
			return Verification.refused("skn is not '" + SasToken.POLICY_NAME + "'");
		}
		Decoded decoded;
		try {
			decoded = fields.decode();
		}
		catch (IllegalArgumentException ex) {
			return Verification.refused("the token is malformed (" + ex.getMessage() + ")");
		}
		String resource = decoded.resource();
		byte[] signature = decoded.signature();
		long expiry = decoded.expiry();
		if (!resource.equalsIgnoreCase(idScope + "/registrations/" + registrationId)) {
			return Verification
				.refused("sr names another resource than " + idScope + "/registrations/" + registrationId);
		}
		long now = this.clock.instant().getEpochSecond();
		if (expiry <= now) {
			return Verification.refused("the token expired at " + expiry + " (now " + now + ")");
		}
		if (this.maxTtl != null && expiry - now > this.maxTtl.toSeconds()) {
			return Verification.refused("the token expires in " + (expiry - now) + " s, more than the allowed "
					+ this.maxTtl.toSeconds() + " s");
		}
		// the string to sign is built from sr and se exactly as sent, not from their
		// decoded values
		byte[] signed = (fields.sr() + "\n" + fields.se()).getBytes(StandardCharsets.UTF_8);
		for (InstanceEnrollments.Candidate candidate : candidates) {
			if (MessageDigest.isEqual(candidate.keyFor(registrationId).sign(signed), signature)) {
				return new Verification(candidate, null);
			}
		}
		return Verification.refused(candidates.isEmpty() ? "no enrollment of this instance accepts a key for the device"
				: "the signature does not match a key the device's enrollment accepts");
	}

	private static long parseExpiry(String se) {
		if (se.isEmpty() || se.length() > 18 || !se.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new IllegalArgumentException("se is not a number of seconds");
		}
		return Long.parseLong(se);
	}

	/**
	 * The values of a token's fields: the resource ({@code sr} decoded), the signature's
	 * bytes and the expiry in epoch seconds.
	 */
	record Decoded(String resource, byte[] signature, long expiry) {

	}

	/** The fields of the header, as sent (still URL-encoded). */
	record Fields(String sr, String sig, String se, String skn) {

		static Fields parse(String header) {
			String value = header.strip();
			if (!value.regionMatches(true, 0, SCHEME, 0, SCHEME.length()) || value.length() == SCHEME.length()
					|| value.charAt(SCHEME.length()) != ' ') {
				throw new IllegalArgumentException("the Authorization header is not a SharedAccessSignature");
			}
			String sr = null;
			String sig = null;
			String se = null;
			String skn = null;
			for (String field : value.substring(SCHEME.length()).strip().split("&", -1)) {
				int equals = field.indexOf('=');
				if (equals < 0) {
					throw new IllegalArgumentException("a token field has no '='");
				}
				String name = field.substring(0, equals);
				String fieldValue = field.substring(equals + 1);
				switch (name) {
					case "sr" -> sr = once(name, sr, fieldValue);
					case "sig" -> sig = once(name, sig, fieldValue);
					case "se" -> se = once(name, se, fieldValue);
					case "skn" -> skn = once(name, skn, fieldValue);
					default -> {
						// other fields are not part of what is signed; DPS has no use for
						// them either
					}
				}
			}
			if (sr == null || sig == null || se == null) {
				throw new IllegalArgumentException("the token lacks sr, sig or se");
			}
			return new Fields(sr, sig, se, skn);
		}

		/** The fields' values; {@link IllegalArgumentException} when one is malformed. */
		Decoded decode() {
			return new Decoded(PercentDecoding.decode(this.sr),
					Base64.getDecoder().decode(PercentDecoding.decode(this.sig)), parseExpiry(this.se));
		}

		private static String once(String name, String previous, String value) {
			if (previous != null) {
				throw new IllegalArgumentException("the token has " + name + " twice");
			}
			return value;
		}

		@Override
		public String toString() {
			return "Fields[sr=" + this.sr + ", se=" + this.se + ", skn=" + this.skn + ", sig=hidden]";
		}

	}

}
