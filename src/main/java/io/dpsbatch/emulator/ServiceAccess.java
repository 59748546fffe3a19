package io.dpsbatch.emulator;

import java.util.Locale;

/**
 * How the service API of one emulated instance is reached and authorised: its own host
 * name and the key of its shared access policy {@code provisioningserviceowner}
 * (docs/dps.md#service-sas-tokens). The host name is
 * {@code <id scope, lower case>.dps-emulator.localhost}: {@code .localhost} names the
 * local machine and is never delegated (RFC 6761), so it cannot be mistaken for a real
 * DPS's {@code <name>.azure-devices-provisioning.net}, and each instance gets its own.
 *
 * @param hostName the instance's service host name, the {@code HostName} of its
 * connection string and the {@code sr} of its SAS tokens
 * @param policyKey the policy's key, base64 (a secret: print it on purpose only)
 */
record ServiceAccess(String hostName, String policyKey) {

	/** DPS's default shared access policy, with every service permission. */
	static final String POLICY_NAME = "provisioningserviceowner";

	static final String HOST_SUFFIX = ".dps-emulator.localhost";

	/** The state file that keeps a generated policy key, per ID scope. */
	static final String KEY_FILE_PREFIX = "service-key.";

	static String hostName(String idScope) {
		return idScope.toLowerCase(Locale.ROOT) + HOST_SUFFIX;
	}

	/** The connection string of DPS's service SDKs and of {@code az iot dps}. */
	String connectionString() {
		return "HostName=" + this.hostName + ";SharedAccessKeyName=" + POLICY_NAME + ";SharedAccessKey="
				+ this.policyKey;
	}

	@Override
	public String toString() {
		return "ServiceAccess[hostName=" + this.hostName + ", policyKey=hidden]";
	}

}
