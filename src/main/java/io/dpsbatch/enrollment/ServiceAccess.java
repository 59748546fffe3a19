package io.dpsbatch.enrollment;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.dpsbatch.enrollment.EnrollmentProperties.NamedEnrollment;
import io.dpsbatch.keys.InvalidKeyException;
import io.dpsbatch.keys.ServiceConnectionString;

/**
 * What the service API of an enrollment's DPS instance is reached with: the connection
 * string of a shared access policy, and the URL the calls go to (the SAS tokens are
 * always signed for the connection string's {@code HostName}, whatever the URL).
 * {@link #toString()} never shows the key.
 *
 * @param connectionString the policy's connection string
 * @param endpoint where the calls go
 * @param property the property the connection string was set with, for messages
 */
public record ServiceAccess(ServiceConnectionString connectionString, URI endpoint, String property) {

	/**
	 * The service access of the enrollment named {@code name} ({@code ""} for the default
	 * one): its own {@code dps.enrollments.<name>.service-connection-string[-file]} and
	 * {@code .service-endpoint}, or else the default ones; empty when none is configured.
	 * @throws EnrollmentConfigurationException when the settings contradict each other or
	 * the connection string cannot be used (the message names the property, never the
	 * key)
	 * @throws io.dpsbatch.keys.KeysFileException when the connection string's file is
	 * missing or open to other users
	 */
	public static Optional<ServiceAccess> of(EnrollmentProperties properties, String name) {
		NamedEnrollment named = name.isEmpty() ? null : find(properties.enrollments(), name);
		if (!name.isEmpty() && named == null) {
			throw new EnrollmentConfigurationException("no enrollment named '" + name + "' in dps.enrollments");
		}
		if (named != null
				&& EnrollmentKeysLoader.isSet(named.serviceConnectionString(), named.serviceConnectionStringFile())) {
			String prefix = "dps.enrollments." + name;
			ServiceConnectionString own = read(prefix + ".service-connection-string", named.serviceConnectionString(),
					named.serviceConnectionStringFile());
			return Optional
				.of(new ServiceAccess(own, endpoint(prefix + ".service-endpoint", named.serviceEndpoint(), own),
						prefix + ".service-connection-string"));
		}
		ServiceConnectionString shared = read("dps.service-connection-string", properties.serviceConnectionString(),
				properties.serviceConnectionStringFile());
		if (shared == null) {
			return Optional.empty();
		}
		URI ownEndpoint = (named != null) ? named.serviceEndpoint() : null;
		String property = (ownEndpoint != null) ? "dps.enrollments." + name + ".service-endpoint"
				: "dps.service-endpoint";
		return Optional.of(new ServiceAccess(shared,
				endpoint(property, (ownEndpoint != null) ? ownEndpoint : properties.serviceEndpoint(), shared),
				"dps.service-connection-string"));
	}

	private static NamedEnrollment find(Map<String, NamedEnrollment> enrollments, String name) {
		return enrollments.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	private static ServiceConnectionString read(String property, String value, Path file) {
		boolean hasValue = EnrollmentKeysLoader.valueOrFile(property, value, file);
		try {
			if (hasValue) {
				return ServiceConnectionString.parse(value, property);
			}
			return (file != null) ? ServiceConnectionString.fromFile(file, property + "-file") : null;
		}
		catch (InvalidKeyException ex) {
			throw new EnrollmentConfigurationException(ex.getMessage(), ex);
		}
	}

	private static URI endpoint(String property, URI configured, ServiceConnectionString connectionString) {
		if (configured == null) {
			return URI.create("https://" + connectionString.hostName());
		}
		if (!"https".equalsIgnoreCase(configured.getScheme()) || configured.getHost() == null
				|| configured.getRawQuery() != null || configured.getRawFragment() != null) {
			throw new EnrollmentConfigurationException(
					property + " must be an https:// URL with a host name (and no query), for example https://"
							+ connectionString.hostName());
		}
		return configured;
	}

}
