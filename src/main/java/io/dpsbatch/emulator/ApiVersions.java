package io.dpsbatch.emulator;

import java.util.Set;

/**
 * The device API versions the emulator accepts, and what depends on the version. DPS
 * answers 400 to a version it does not serve, and to a request without one
 * (docs/dps.md#api-versions: a user report quotes "Unsupported API version 2019-04-15"
 * with a 400004-style body).
 * <p>
 * The list holds the versions the reference has seen in use against the real service:
 * 2017-11-15 and 2018-04-01 (the re-provisioning doc's table of older versions),
 * 2018-11-01 (a user's question; anecdotal), 2019-03-31 (what the Java, C#, Python, Node
 * and embedded-C SDKs send), 2021-06-01 (the C SDK and the access-control doc),
 * 2021-10-01 (the REST reference's current stable version) and the previews
 * 2021-11-01-preview (client certificates) and 2025-07-01-preview (certificate issuance).
 * 2026-04-01 has a spec file but no evidence that the service serves it, so it is
 * refused.
 */
final class ApiVersions {

	static final Set<String> SUPPORTED = Set.of("2017-11-15", "2018-04-01", "2018-11-01", "2019-03-31", "2021-06-01",
			"2021-10-01", "2021-11-01-preview", "2025-07-01-preview");

	/**
	 * From this version on a re-registration reports
	 * {@code reprovisionedToInitialAssignment}; before it, {@code initialAssignment} even
	 * when the device existed in the hub. Source: the doc comment of
	 * {@code ProvisioningRegistrationSubstatus.InitialAssignment} in
	 * Azure/azure-iot-sdk-csharp
	 * ({@code provisioning/device/src/ProvisioningRegistrationSubstatus.cs}): "For API
	 * versions prior to 2019-04-15 a substatus of InitialAssignment was returned if the
	 * device previously existed in hub. Starting API version 2019-04-15 a substatus of
	 * ReprovisionedToInitialAssignment is returned".
	 */
	static final String REPROVISIONED_SUBSTATUS_SINCE = "2019-04-15";

	private ApiVersions() {
	}

	static boolean supported(String apiVersion) {
		return apiVersion != null && SUPPORTED.contains(apiVersion);
	}

	/**
	 * Whether this version reports a re-registration as
	 * {@code reprovisionedToInitialAssignment}.
	 */
	static boolean reportsReprovisioning(String apiVersion) {
		// ISO dates compare as strings; "-preview" sorts after the date it extends
		return apiVersion.compareTo(REPROVISIONED_SUBSTATUS_SINCE) >= 0;
	}

}
