package io.dpsbatch.dps;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import io.dpsbatch.enrollment.DefaultEnrollmentSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code dps.*} properties. Their names are part of the public contract
 * (docs/configuration.md#properties). The group keys are held as plain strings only until
 * {@link io.dpsbatch.enrollment.EnrollmentKeysLoader} turns them into
 * {@link io.dpsbatch.keys.GroupKey}s; {@link #toString()} never shows them.
 *
 * @param globalEndpoint DPS base URL
 * @param idScope ID scope of the DPS instance
 * @param apiVersion DPS device API version
 * @param groupKey enrollment group primary key (base64)
 * @param groupKeyFile a file holding the primary key, instead of {@code groupKey}
 * @param secondaryGroupKey used when DPS rejects the primary (key rotation)
 * @param secondaryGroupKeyFile a file holding the secondary key
 * @param trustStore extra CA trust (private endpoint, emulator); the JVM's default trust
 * stays
 * @param trustStorePassword password of the trust store
 * @param trustStoreType type of the trust store (PKCS12 or JKS)
 * @param maxInFlight devices between register call and final status at once, across the
 * run
 * @param registrationsPerMinute pace of register calls
 * @param maxAttempts tries per DPS request on 429, 5xx, timeouts and broken connections
 * @param requestTimeout time limit of one HTTPS request: of its answer, and of opening a
 * connection for it (connecting, TLS handshake), each
 * @param registrationTimeout time limit of one device, from first call to final status
 * @param sasTokenTtl lifetime of each SAS token (a new one is signed for every request)
 * @param proxy HTTP proxy for the HTTPS connections
 * ({@code http://[user:password@]host:port}), {@code direct} for none; unset means the
 * {@code HTTPS_PROXY} and {@code NO_PROXY} environment variables decide
 * @param maxConnections HTTPS requests in progress at once, hence keep-alive connections
 * to DPS, across the run; the devices in flight beyond it wait for a free one in turn
 * @param serviceOperationsPerMinute the most calls of the service API per minute per DPS
 * instance (its operations quota is shared with everything else managing it)
 */
@ConfigurationProperties("dps")
public record DpsProperties(@DefaultValue("https://global.azure-devices-provisioning.net") URI globalEndpoint,
		String idScope, @DefaultValue("2021-10-01") String apiVersion, String groupKey, Path groupKeyFile,
		String secondaryGroupKey, Path secondaryGroupKeyFile, Path trustStore, String trustStorePassword,
		@DefaultValue("PKCS12") String trustStoreType, @DefaultValue("128") int maxInFlight,
		@DefaultValue("900") int registrationsPerMinute, @DefaultValue("6") int maxAttempts,
		@DefaultValue("30s") Duration requestTimeout, @DefaultValue("5m") Duration registrationTimeout,
		@DefaultValue("1h") Duration sasTokenTtl, String proxy, @DefaultValue("64") int maxConnections,
		@DefaultValue("900") int serviceOperationsPerMinute) {

	/**
	 * The default enrollment's settings, for loading the enrollments: the ID scope, the
	 * endpoint (also the defaults of each named enrollment) and the group keys.
	 */
	public DefaultEnrollmentSettings defaultEnrollment() {
		return new DefaultEnrollmentSettings(this.idScope, this.globalEndpoint, this.groupKey, this.groupKeyFile,
				this.secondaryGroupKey, this.secondaryGroupKeyFile);
	}

	/**
	 * A copy pointing at another endpoint with other trust, as the embedded emulator
	 * needs.
	 */
	public DpsProperties withEndpoint(URI endpoint, String idScope, Path trustStore, String trustStorePassword,
			String trustStoreType) {
		return new DpsProperties(endpoint, idScope, this.apiVersion, this.groupKey, this.groupKeyFile,
				this.secondaryGroupKey, this.secondaryGroupKeyFile, trustStore, trustStorePassword, trustStoreType,
				this.maxInFlight, this.registrationsPerMinute, this.maxAttempts, this.requestTimeout,
				this.registrationTimeout, this.sasTokenTtl, this.proxy, this.maxConnections,
				this.serviceOperationsPerMinute);
	}

	/** A copy with another primary group key (for example the embedded emulator's). */
	public DpsProperties withGroupKey(String groupKey) {
		return new DpsProperties(this.globalEndpoint, this.idScope, this.apiVersion, groupKey, null, null, null,
				this.trustStore, this.trustStorePassword, this.trustStoreType, this.maxInFlight,
				this.registrationsPerMinute, this.maxAttempts, this.requestTimeout, this.registrationTimeout,
				this.sasTokenTtl, this.proxy, this.maxConnections, this.serviceOperationsPerMinute);
	}

	@Override
	public String toString() {
		return "DpsProperties[globalEndpoint=" + this.globalEndpoint + ", idScope=" + this.idScope + ", apiVersion="
				+ this.apiVersion + ", groupKey=" + hidden(this.groupKey) + ", groupKeyFile=" + this.groupKeyFile
				+ ", secondaryGroupKey=" + hidden(this.secondaryGroupKey) + ", secondaryGroupKeyFile="
				+ this.secondaryGroupKeyFile + ", trustStore=" + this.trustStore + ", trustStorePassword="
				+ hidden(this.trustStorePassword) + ", trustStoreType=" + this.trustStoreType + ", maxInFlight="
				+ this.maxInFlight + ", registrationsPerMinute=" + this.registrationsPerMinute + ", maxAttempts="
				+ this.maxAttempts + ", requestTimeout=" + this.requestTimeout + ", registrationTimeout="
				+ this.registrationTimeout + ", sasTokenTtl=" + this.sasTokenTtl + ", proxy="
				+ DpsProxy.describe(this.proxy) + ", maxConnections=" + this.maxConnections
				+ ", serviceOperationsPerMinute=" + this.serviceOperationsPerMinute + "]";
	}

	private static String hidden(String secret) {
		return (secret != null) ? "[hidden]" : "null";
	}

}
