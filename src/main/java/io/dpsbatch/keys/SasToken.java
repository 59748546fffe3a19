package io.dpsbatch.keys;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A DPS registration SAS token, built as Microsoft documents it
 * (learn.microsoft.com/azure/iot-dps/how-to-control-access): {@code sr} is the
 * URL-encoded {@code {idScope}/registrations/{registrationId}}, the string to sign is
 * {@code sr + "\n" + expiry}, the signature is HMAC-SHA256 with the device key, and
 * {@code skn=registration}. The value signed is exactly the value sent, which is what DPS
 * verifies.
 */
public record SasToken(String resourceUri, long expiresAtEpochSecond, String signature) {

	public static final String POLICY_NAME = "registration";

	public static SasToken create(String idScope, String registrationId, DeviceKey deviceKey, Instant expiry) {
		String resourceUri = idScope + "/registrations/" + registrationId;
		long se = expiry.getEpochSecond();
		byte[] sig = deviceKey.sign(stringToSign(urlEncode(resourceUri), se).getBytes(StandardCharsets.UTF_8));
		return new SasToken(resourceUri, se, Base64.getEncoder().encodeToString(sig));
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
				+ this.expiresAtEpochSecond + "&skn=" + POLICY_NAME;
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
