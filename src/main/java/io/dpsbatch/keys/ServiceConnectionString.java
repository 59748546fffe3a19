package io.dpsbatch.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A DPS instance's shared access policy connection string,
 * {@code HostName=<dps>.azure-devices-provisioning.net;SharedAccessKeyName=<policy>;SharedAccessKey=<base64>}
 * (docs/dps.md#service-api-client-facts). Its key is a secret like a group key: it never
 * appears in {@link #toString()}, in an exception message or anywhere at rest; the
 * service API client only ever gets {@link SasToken}s signed with it.
 */
public final class ServiceConnectionString {

	/**
	 * A host name as the service SDKs accept it: letters, digits, '-', '_' and '.', no
	 * port, no scheme.
	 */
	private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_\\-.]+");

	private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9_\\-.]+");

	private final String hostName;

	private final String policyName;

	private final byte[] key;

	private ServiceConnectionString(String hostName, String policyName, byte[] key) {
		this.hostName = hostName;
		this.policyName = policyName;
		this.key = key;
	}

	/**
	 * Reads a connection string: exactly the three parts {@code HostName},
	 * {@code SharedAccessKeyName} and {@code SharedAccessKey}, each once, names matched
	 * without regard to case, separated by ';' (a trailing ';' and spaces around parts
	 * are allowed).
	 * @param source how messages name where the string came from (a property)
	 * @throws InvalidKeyException with a message that names the problem but never the key
	 */
	public static ServiceConnectionString parse(String value, String source) {
		if (value == null || value.isBlank()) {
			throw new InvalidKeyException(source + " is empty");
		}
		String hostName = null;
		String policyName = null;
		String key = null;
		for (String part : value.strip().split(";", -1)) {
			String trimmed = part.strip();
			if (trimmed.isEmpty()) {
				continue;
			}
			int equals = trimmed.indexOf('=');
			if (equals <= 0) {
				throw new InvalidKeyException(source + " is not a DPS connection string: each part must be"
						+ " name=value (HostName, SharedAccessKeyName, SharedAccessKey)");
			}
			String name = trimmed.substring(0, equals).strip().toLowerCase(Locale.ROOT);
			String partValue = trimmed.substring(equals + 1).strip();
			switch (name) {
				case "hostname" -> hostName = once(hostName, partValue, "HostName", source);
				case "sharedaccesskeyname" -> policyName = once(policyName, partValue, "SharedAccessKeyName", source);
				case "sharedaccesskey" -> key = once(key, partValue, "SharedAccessKey", source);
				default -> throw new InvalidKeyException(source + " has an unknown part '"
						+ trimmed.substring(0, equals).strip()
						+ "': a DPS connection string has HostName, SharedAccessKeyName and SharedAccessKey only");
			}
		}
		missing(hostName, "HostName", source);
		missing(policyName, "SharedAccessKeyName", source);
		missing(key, "SharedAccessKey", source);
		if (!HOST_NAME.matcher(hostName).matches()) {
			throw new InvalidKeyException(source + " has HostName '" + hostName
					+ "', which is not a host name (no scheme, port or path): for example"
					+ " my-dps.azure-devices-provisioning.net");
		}
		if (!POLICY_NAME.matcher(policyName).matches()) {
			throw new InvalidKeyException(source + " has a SharedAccessKeyName that is not a policy name");
		}
		return new ServiceConnectionString(hostName, policyName, decode(key, source));
	}

	/**
	 * Reads a connection string from a file that only its owner may read, as an
	 * individual keys file.
	 * @param property the property that names the file, for messages
	 * @throws KeysFileException when the file is missing, unreadable or open to others
	 * @throws InvalidKeyException when its content is not a connection string
	 */
	public static ServiceConnectionString fromFile(Path file, String property) {
		String source = property + " " + file;
		PrivateKeyFiles.check(file, source);
		String content;
		try {
			content = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new KeysFileException("cannot read " + source + ": " + PrivateKeyFiles.describe(ex));
		}
		return parse(content, source);
	}

	private static void missing(String value, String name, String source) {
		if (value == null) {
			throw new InvalidKeyException(source + " lacks " + name
					+ ": copy the connection string of a shared access policy of the DPS instance");
		}
	}

	private static String once(String seen, String value, String name, String source) {
		if (seen != null) {
			throw new InvalidKeyException(source + " has " + name + " twice");
		}
		if (value.isEmpty()) {
			throw new InvalidKeyException(source + " has an empty " + name);
		}
		return value;
	}

	private static byte[] decode(String base64, String source) {
		try {
			byte[] decoded = Base64.getDecoder().decode(base64);
			if (decoded.length == 0) {
				throw new InvalidKeyException(source + " has an empty SharedAccessKey");
			}
			return decoded;
		}
		catch (IllegalArgumentException ex) {
			// the decoder's message quotes the offending character, so it is not passed
			// on
			throw new InvalidKeyException(source + " has a SharedAccessKey that is not valid base64");
		}
	}

	/** The instance's host name, as written in the connection string. */
	public String hostName() {
		return this.hostName;
	}

	/** The shared access policy's name ({@code skn} of the tokens). */
	public String policyName() {
		return this.policyName;
	}

	/** A token for the service API of this instance, valid until {@code expiry}. */
	public SasToken sign(Instant expiry) {
		return SasToken.signed(this.hostName.toLowerCase(Locale.ROOT), expiry,
				(message) -> GroupKey.hmacSha256(this.key, message), this.policyName);
	}

	/**
	 * A short, non-reversible fingerprint of the key: tells two keys apart, reveals
	 * neither.
	 */
	public String fingerprint() {
		return GroupKey.fingerprint(this.key);
	}

	@Override
	public String toString() {
		return "ServiceConnectionString[hostName=" + this.hostName + ", policyName=" + this.policyName
				+ ", key=hidden]";
	}

}
