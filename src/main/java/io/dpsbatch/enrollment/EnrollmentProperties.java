package io.dpsbatch.enrollment;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * The {@code dps.*} properties of several enrollments, bound next to
 * {@code DpsProperties} (same prefix, other names) so that the default enrollment's
 * properties stay where they are (they come here as {@link DefaultEnrollmentSettings}).
 * Their names are part of the public contract (docs/configuration.md#properties).
 * {@link #toString()} never shows a key.
 *
 * @param enrollments named enrollments that a manifest row picks with its
 * {@code enrollment} column, by name (matched without regard to case)
 * @param individualKeysFile makes the default enrollment a set of individual enrollments
 * instead of a group
 * @param serviceConnectionString the connection string of a shared access policy of the
 * default DPS instance, for its service API (a secret, like a group key)
 * @param serviceConnectionStringFile a file holding it, instead; only its owner may read
 * it
 * @param serviceEndpoint where the service API calls go; default
 * {@code https://<HostName of the connection string>}
 * @param enrollmentGroupId the ID of the default group in DPS: with a service connection
 * string, the group is checked through the service API before the first register call,
 * and its keys are read from DPS when none is configured
 */
@ConfigurationProperties("dps")
public record EnrollmentProperties(Map<String, NamedEnrollment> enrollments, Path individualKeysFile,
		String serviceConnectionString, Path serviceConnectionStringFile, URI serviceEndpoint,
		String enrollmentGroupId) {

	@ConstructorBinding
	public EnrollmentProperties {
		enrollments = (enrollments != null) ? new LinkedHashMap<>(enrollments) : Map.of();
	}

	/** Without the service API's settings. */
	public EnrollmentProperties(Map<String, NamedEnrollment> enrollments, Path individualKeysFile) {
		this(enrollments, individualKeysFile, null, null, null, null);
	}

	@Override
	public String toString() {
		return "EnrollmentProperties[enrollments=" + this.enrollments + ", individualKeysFile="
				+ this.individualKeysFile + ", serviceConnectionString=" + hidden(this.serviceConnectionString)
				+ ", serviceConnectionStringFile=" + this.serviceConnectionStringFile + ", serviceEndpoint="
				+ this.serviceEndpoint + ", enrollmentGroupId=" + this.enrollmentGroupId + "]";
	}

	private static String hidden(String secret) {
		return (secret != null) ? "[hidden]" : "null";
	}

	/**
	 * One {@code dps.enrollments.<name>.*}: a group (its keys) or a set of individual
	 * enrollments (their keys file), in the DPS instance of its ID scope.
	 *
	 * @param idScope the ID scope of its DPS instance; default {@code dps.id-scope}
	 * @param globalEndpoint DPS base URL; default {@code dps.global-endpoint}
	 * @param groupKey the group's primary key (base64)
	 * @param groupKeyFile a file holding it, instead
	 * @param secondaryGroupKey the group's secondary key, used when DPS refuses the
	 * primary
	 * @param secondaryGroupKeyFile a file holding it, instead
	 * @param individualKeysFile CSV {@code registrationId,primaryKey[,secondaryKey]} of
	 * individual enrollments
	 * @param serviceConnectionString the connection string for the service API of its DPS
	 * instance; default {@code dps.service-connection-string}
	 * @param serviceConnectionStringFile a file holding it, instead
	 * @param serviceEndpoint where its service API calls go; default
	 * {@code dps.service-endpoint} when the connection string is the default one, else
	 * {@code https://<HostName>}
	 * @param enrollmentGroupId the group's ID in DPS, as {@code dps.enrollment-group-id}
	 * is the default group's
	 */
	public record NamedEnrollment(String idScope, URI globalEndpoint, String groupKey, Path groupKeyFile,
			String secondaryGroupKey, Path secondaryGroupKeyFile, Path individualKeysFile,
			String serviceConnectionString, Path serviceConnectionStringFile, URI serviceEndpoint,
			String enrollmentGroupId) {

		@ConstructorBinding
		public NamedEnrollment {
		}

		/** Without the service API's settings. */
		public NamedEnrollment(String idScope, URI globalEndpoint, String groupKey, Path groupKeyFile,
				String secondaryGroupKey, Path secondaryGroupKeyFile, Path individualKeysFile) {
			this(idScope, globalEndpoint, groupKey, groupKeyFile, secondaryGroupKey, secondaryGroupKeyFile,
					individualKeysFile, null, null, null, null);
		}

		@Override
		public String toString() {
			return "NamedEnrollment[idScope=" + this.idScope + ", globalEndpoint=" + this.globalEndpoint + ", groupKey="
					+ hidden(this.groupKey) + ", groupKeyFile=" + this.groupKeyFile + ", secondaryGroupKey="
					+ hidden(this.secondaryGroupKey) + ", secondaryGroupKeyFile=" + this.secondaryGroupKeyFile
					+ ", individualKeysFile=" + this.individualKeysFile + ", serviceConnectionString="
					+ hidden(this.serviceConnectionString) + ", serviceConnectionStringFile="
					+ this.serviceConnectionStringFile + ", serviceEndpoint=" + this.serviceEndpoint
					+ ", enrollmentGroupId=" + this.enrollmentGroupId + "]";
		}

	}

}
