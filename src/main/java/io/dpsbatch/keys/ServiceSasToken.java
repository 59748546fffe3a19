package io.dpsbatch.keys;

import java.time.Instant;

/**
 * A SAS token for a DPS instance's service API (docs/dps.md#service-api-client-facts):
 * {@code sr} is the instance's host name in lower case, URL-encoded; the string to sign
 * {@code sr + "\n" + se}; the signature HMAC-SHA256 keyed with the base64-decoded policy
 * key; {@code skn} the policy's name. Made by {@link ServiceConnectionString#sign}. The
 * signature is a bearer credential for the whole instance until it expires: never in
 * {@link #toString()} or a log line.
 *
 * @param resource the host name the token is signed for, lower case
 * @param expiresAtEpochSecond {@code se}
 * @param signature base64 HMAC-SHA256
 * @param policyName {@code skn}
 */
public record ServiceSasToken(String resource, long expiresAtEpochSecond, String signature, String policyName) {

	/** The value of the {@code Authorization} header. */
	public String headerValue() {
		return "SharedAccessSignature sr=" + SasToken.urlEncode(this.resource) + "&sig="
				+ SasToken.urlEncode(this.signature) + "&se=" + this.expiresAtEpochSecond + "&skn=" + this.policyName;
	}

	public Instant expiresAt() {
		return Instant.ofEpochSecond(this.expiresAtEpochSecond);
	}

	@Override
	public String toString() {
		return "ServiceSasToken[sr=" + this.resource + ", se=" + this.expiresAtEpochSecond + ", skn=" + this.policyName
				+ ", sig=hidden]";
	}

}
