package io.dpsbatch.keys;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * A DPS SAS token, built as Microsoft documents it
 * (learn.microsoft.com/azure/iot-dps/how-to-control-access): the string to sign is
 * {@code sr + "\n" + expiry} with {@code sr} URL-encoded, the signature HMAC-SHA256. A
 * device's registration token ({@link #create}) has {@code sr}
 * {@code {idScope}/registrations/{registrationId}}, the device key and
 * {@code skn=registration}; a service API token ({@link ServiceConnectionString#sign})
 * the instance's host name, the policy key and the policy's name. The value signed is
 * exactly the value sent, which is what DPS verifies. The signature is a bearer
 * credential until it expires: never in {@link #toString()}.
 *
 * @param resourceUri {@code sr}, before URL encoding
 * @param expiresAtEpochSecond {@code se}
 * @param signature base64 HMAC-SHA256
 * @param policyName {@code skn}
 */
public record SasToken(String resourceUri, long expiresAtEpochSecond, String signature, String policyName) {

	public static final String POLICY_NAME = "registration";

	public static SasToken create(String idScope, String registrationId, DeviceKey deviceKey, Instant expiry) {
		return signed(idScope + "/registrations/" + registrationId, expiry, deviceKey::sign, POLICY_NAME);
	}

	/**
	 * A token for {@code resourceUri}, signed by {@code hmac} (HMAC-SHA256 with its key).
	 */
	static SasToken signed(String resourceUri, Instant expiry, UnaryOperator<byte[]> hmac, String policyName) {
		long se = expiry.getEpochSecond();
		byte[] sig = hmac.apply(stringToSign(urlEncode(resourceUri), se).getBytes(StandardCharsets.UTF_8));
		return new SasToken(resourceUri, se, Base64.getEncoder().encodeToString(sig), policyName);
	}

	/**
	 * The signed string for a given (already encoded) {@code sr}: {@code sr + "\n" + se}.
	 */
	public static String stringToSign(String encodedResourceUri, long expiresAtEpochSecond) {
		return encodedResourceUri + "\n" + expiresAtEpochSecond;
	}

	/** The value of the {@code Authorization} header. */
	public String headerValue() {
		return "SharedAccessSignature sr=" + urlEncode(this.resourceUri) + "&sig=" + urlEncode(this.signature) + "&se="
				+ this.expiresAtEpochSecond + "&skn=" + this.policyName;
	}

	public Instant expiresAt() {
		return Instant.ofEpochSecond(this.expiresAtEpochSecond);
	}

	/**
	 * Form encoding as Python's {@code quote_plus}: upper-case hex, as in Microsoft's
	 * documented sample.
	 */
	static String urlEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		// the signature is a bearer credential for this device until it expires
		return "SasToken[sr=" + this.resourceUri + ", se=" + this.expiresAtEpochSecond + ", sig=hidden]";
	}

}
