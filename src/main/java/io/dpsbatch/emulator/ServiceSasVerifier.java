package io.dpsbatch.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;

import io.dpsbatch.keys.DeviceKey;

/**
 * Checks the {@code Authorization} header of a service API call
 * (docs/dps.md#service-sas-tokens):
 * {@code SharedAccessSignature sr=<host>&sig=<HMAC-SHA256
 * with the base64-decoded policy key over sr as sent + "\n" + se>&se=<epoch
 * s>&skn=provisioningserviceowner}. As for device tokens, the signature is verified over
 * {@code sr} exactly as transmitted, because Microsoft's clients differ in how they write
 * it (Java lower-cases the host before encoding it, C# does not); once decoded, host
 * names are compared without regard to case.
 * <p>
 * The instance is the one whose service host name the request's {@code Host} header
 * names, or, when the request was sent to {@code localhost} (a client that cannot resolve
 * the service host name), the one its token's {@code sr} names. The token must name that
 * instance either way.
 */
final class ServiceSasVerifier {

	private final Clock clock;

	ServiceSasVerifier(Clock clock) {
		this.clock = clock;
	}

	/**
	 * The outcome of a check.
	 *
	 * @param instance the instance the token authorises, or {@code null}
	 * @param problem why it does not, in words fit for a log line (never the token), or
	 * {@code null}
	 */
	record Verification(EmulatedInstance instance, String problem) {

		static Verification refused(String problem) {
			return new Verification(null, problem);
		}

	}

	Verification verify(String authorization, String host, EmulatedInstances instances) {
		if (authorization == null) {
			return Verification.refused("no Authorization header");
		}
		SasVerifier.Fields fields;
		try {
			fields = SasVerifier.Fields.parse(authorization);
		}
		catch (IllegalArgumentException ex) {
			return Verification.refused(ex.getMessage());
		}
		if (!ServiceAccess.POLICY_NAME.equals(fields.skn())) {
			return Verification.refused("skn is not '" + ServiceAccess.POLICY_NAME + "'");
		}
		SasVerifier.Decoded decoded;
		try {
			decoded = fields.decode();
		}
		catch (IllegalArgumentException ex) {
			return Verification.refused("the token is malformed (" + ex.getMessage() + ")");
		}
		String resource = decoded.resource();
		long expiry = decoded.expiry();
		EmulatedInstance byHost = instances.findByServiceHost(hostName(host));
		EmulatedInstance instance = (byHost != null) ? byHost : instances.findByServiceHost(resource);
		if (instance == null) {
			return Verification.refused("sr names no emulated instance's service host");
		}
		if (!resource.equalsIgnoreCase(instance.service().hostName())) {
			return Verification.refused("sr names another host than " + instance.service().hostName());
		}
		long now = this.clock.instant().getEpochSecond();
		if (expiry <= now) {
			return Verification.refused("the token expired at " + expiry + " (now " + now + ")");
		}
		byte[] signed = (fields.sr() + "\n" + fields.se()).getBytes(StandardCharsets.UTF_8);
		byte[] expected = DeviceKey.fromBase64(instance.service().policyKey(), "the service policy key").sign(signed);
		if (!MessageDigest.isEqual(expected, decoded.signature())) {
			return Verification.refused("the signature does not match the key of " + ServiceAccess.POLICY_NAME);
		}
		return new Verification(instance, null);
	}

	/** The host name of a {@code Host} header, without its port; {@code ""} for none. */
	static String hostName(String host) {
		if (host == null) {
			return "";
		}
		String name = host.strip();
		int colon = name.lastIndexOf(':');
		if (colon >= 0 && name.indexOf(']') < colon) {
			name = name.substring(0, colon);
		}
		return name.toLowerCase(Locale.ROOT);
	}

}
