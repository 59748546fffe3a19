package io.dpsbatch.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Service SAS tokens made in the tests straight from DPS's documented formula
 * (docs/dps.md#service-sas-tokens), with the JDK's HMAC rather than the application's key
 * code, so that the emulator's verifier is checked against an independent signer.
 */
final class ServiceSas {

	private ServiceSas() {
	}

	/**
	 * {@code SharedAccessSignature sr=<urlencoded host>&sig=<urlencoded signature>&se=
	 * <se>&skn=<policy>}.
	 */
	static String token(String hostName, String policyKeyBase64, long se, String policy) {
		String sr = URLEncoder.encode(hostName, StandardCharsets.UTF_8);
		String signature = signature(sr, policyKeyBase64, se);
		return "SharedAccessSignature sr=" + sr + "&sig=" + URLEncoder.encode(signature, StandardCharsets.UTF_8)
				+ "&se=" + se + "&skn=" + policy;
	}

	/** A token for {@code provisioningserviceowner}, valid for an hour. */
	static String token(String hostName, String policyKeyBase64) {
		return token(hostName, policyKeyBase64, System.currentTimeMillis() / 1000 + 3600, "provisioningserviceowner");
	}

	/** base64(HMAC-SHA256(base64decode(key), sr + "\n" + se)). */
	static String signature(String sr, String policyKeyBase64, long se) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(policyKeyBase64), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal((sr + "\n" + se).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The key of a service connection string. */
	static String keyOf(String connectionString) {
		return connectionString.substring(connectionString.indexOf("SharedAccessKey=") + "SharedAccessKey=".length());
	}

	/** The host name of a service connection string. */
	static String hostOf(String connectionString) {
		return connectionString.substring("HostName=".length(), connectionString.indexOf(';'));
	}

}
