package io.dpsbatch.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.keys.SasToken;

/**
 * Checks a device's {@code Authorization} header the way DPS evidently does (dps-protocol.md §2): the
 * signature is verified over {@code sr} <em>exactly as sent</em>, because Microsoft's own SDKs sign
 * different spellings of it (raw {@code scope/registrations/id}, {@code %2F}, {@code %2f}) and all of
 * them work. Once decoded, {@code sr} must name this device (case-insensitively). {@code skn} may be
 * {@code registration}, empty or absent; fields may come in any order. The device key is derived from
 * the registration ID of the request path with each accepted group key in turn.
 */
final class SasVerifier {

	private static final String SCHEME = "SharedAccessSignature";

	private final List<GroupKey> acceptedKeys;

	private final Clock clock;

	private final Duration maxTtl;

	/**
	 * @param acceptedKeys group keys a device key may be derived from
	 * @param clock the time a token's expiry is compared with
	 * @param maxTtl tokens expiring further away than this are refused; {@code null} for no limit
	 */
	SasVerifier(List<GroupKey> acceptedKeys, Clock clock, Duration maxTtl) {
		this.acceptedKeys = List.copyOf(acceptedKeys);
		this.clock = clock;
		this.maxTtl = maxTtl;
	}

	/**
	 * Why {@code authorization} does not authorise a request for this device, in words fit for a log
	 * line (never the token); empty when it does.
	 */
	Optional<String> problem(String authorization, String idScope, String registrationId) {
		if (authorization == null) {
			return Optional.of("no Authorization header");
		}
		Fields fields;
		try {
			fields = Fields.parse(authorization);
		}
		catch (IllegalArgumentException ex) {
			return Optional.of(ex.getMessage());
		}
		if (fields.skn() != null && !fields.skn().isEmpty() && !SasToken.POLICY_NAME.equals(fields.skn())) {
			return Optional.of("skn is not '" + SasToken.POLICY_NAME + "'");
		}
		String resource;
		byte[] signature;
		long expiry;
		try {
			resource = PercentDecoding.decode(fields.sr());
			signature = Base64.getDecoder().decode(PercentDecoding.decode(fields.sig()));
			expiry = parseExpiry(fields.se());
		}
		catch (IllegalArgumentException ex) {
			return Optional.of("the token is malformed (" + ex.getMessage() + ")");
		}
		if (!resource.equalsIgnoreCase(idScope + "/registrations/" + registrationId)) {
			return Optional.of("sr names another resource than " + idScope + "/registrations/" + registrationId);
		}
		long now = this.clock.instant().getEpochSecond();
		if (expiry <= now) {
			return Optional.of("the token expired at " + expiry + " (now " + now + ")");
		}
		if (this.maxTtl != null && expiry - now > this.maxTtl.toSeconds()) {
			return Optional.of("the token expires in " + (expiry - now) + " s, more than the allowed "
					+ this.maxTtl.toSeconds() + " s");
		}
		// the string to sign is built from sr and se exactly as sent, not from their decoded values
		byte[] signed = (fields.sr() + "\n" + fields.se()).getBytes(StandardCharsets.UTF_8);
		for (GroupKey groupKey : this.acceptedKeys) {
			byte[] expected = groupKey.deriveDeviceKey(registrationId).sign(signed);
			if (MessageDigest.isEqual(expected, signature)) {
				return Optional.empty();
			}
		}
		return Optional.of("the signature does not match a key derived from an accepted group key");
	}

	private static long parseExpiry(String se) {
		if (se.isEmpty() || se.length() > 18 || !se.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new IllegalArgumentException("se is not a number of seconds");
		}
		return Long.parseLong(se);
	}

	/** The fields of the header, as sent (still URL-encoded). */
	private record Fields(String sr, String sig, String se, String skn) {

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
						// other fields are not part of what is signed; DPS has no use for them either
					}
				}
			}
			if (sr == null || sig == null || se == null) {
				throw new IllegalArgumentException("the token lacks sr, sig or se");
			}
			return new Fields(sr, sig, se, skn);
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
