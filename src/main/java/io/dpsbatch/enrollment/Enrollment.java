package io.dpsbatch.enrollment;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.IndividualKeysFile;

/**
 * One enrollment a device can be registered through: an enrollment group, whose keys
 * every device's key is derived from, or a set of individual enrollments, each device
 * with its own keys (concepts-symmetric-key- attestation: for individual enrollments the
 * SAS signature is "produced by using the symmetric key (primary or secondary)", for
 * enrollment groups "a key derived from the enrollment group key is used"), in the DPS
 * instance of its ID scope.
 */
public final class Enrollment {

	/** Whether devices sign with keys derived from a group key or with their own. */
	public enum Kind {

		GROUP, INDIVIDUAL

	}

	private final String name;

	private final String idScope;

	private final URI globalEndpoint;

	private final Kind kind;

	private final EnrollmentKeys groupKeys;

	private final IndividualKeysFile individualKeys;

	private final GroupInDps groupInDps;

	private Enrollment(String name, String idScope, URI globalEndpoint, Kind kind, EnrollmentKeys groupKeys,
			IndividualKeysFile individualKeys, GroupInDps groupInDps) {
		this.name = name;
		this.idScope = idScope;
		this.globalEndpoint = globalEndpoint;
		this.kind = kind;
		this.groupKeys = groupKeys;
		this.individualKeys = individualKeys;
		this.groupInDps = groupInDps;
	}

	static Enrollment group(String name, String idScope, URI globalEndpoint, EnrollmentKeys keys) {
		return group(name, idScope, globalEndpoint, keys, null);
	}

	/**
	 * @param keys {@code null} when they are to be read from DPS through
	 * {@code groupInDps}
	 */
	static Enrollment group(String name, String idScope, URI globalEndpoint, EnrollmentKeys keys,
			GroupInDps groupInDps) {
		return new Enrollment(name, idScope, globalEndpoint, Kind.GROUP, keys, null, groupInDps);
	}

	/**
	 * The default enrollment as a group, for a client given only the group keys
	 * ({@code dps.id-scope}, {@code dps.global-endpoint}), without
	 * {@code dps.enrollments}.
	 */
	public static Enrollment defaultGroup(String idScope, URI globalEndpoint, EnrollmentKeys keys) {
		return group("", idScope, globalEndpoint, keys);
	}

	static Enrollment individual(String name, String idScope, URI globalEndpoint, IndividualKeysFile keys) {
		return new Enrollment(name, idScope, globalEndpoint, Kind.INDIVIDUAL, null, keys, null);
	}

	/**
	 * The same group with these keys: those read from DPS when none was configured (they
	 * stay in memory only).
	 */
	public Enrollment withGroupKeys(EnrollmentKeys keys) {
		if (this.kind != Kind.GROUP) {
			throw new IllegalStateException(describe() + " is not an enrollment group");
		}
		return new Enrollment(this.name, this.idScope, this.globalEndpoint, Kind.GROUP, keys, null, this.groupInDps);
	}

	/** The name in lower case, as matched; {@code ""} for the default enrollment. */
	public String name() {
		return this.name;
	}

	public boolean isDefault() {
		return this.name.isEmpty();
	}

	/**
	 * How messages name it: {@code enrollment 'line-b'} or
	 * {@code the default enrollment}.
	 */
	public String describe() {
		return isDefault() ? "the default enrollment" : "enrollment '" + this.name + "'";
	}

	public Kind kind() {
		return this.kind;
	}

	/**
	 * The group in DPS that is checked through the service API before the first register
	 * call: set when the group has both an {@code enrollment-group-id} and a service
	 * connection string (its own or the default one).
	 */
	public Optional<GroupInDps> groupInDps() {
		return Optional.ofNullable(this.groupInDps);
	}

	/**
	 * The prefix of its properties: {@code dps} or {@code dps.enrollments.<name>}, for
	 * messages.
	 */
	public String propertyPrefix() {
		return isDefault() ? "dps" : "dps.enrollments." + this.name;
	}

	public String idScope() {
		return this.idScope;
	}

	public URI globalEndpoint() {
		return this.globalEndpoint;
	}

	/**
	 * The DPS instance it belongs to, {@code host/idscope} in lower case: enrollments
	 * with the same one share that instance's registration quota
	 * (docs/dps.md#quotas-and-throttling: registrations are counted per instance), hence
	 * one pace.
	 */
	public String instance() {
		return this.globalEndpoint.getHost().toLowerCase(Locale.ROOT) + "/" + this.idScope.toLowerCase(Locale.ROOT);
	}

	/**
	 * The group's keys; {@code null} for individual enrollments, and for a group whose
	 * keys are still to be read from DPS ({@link #groupInDps()}).
	 */
	public EnrollmentKeys groupKeys() {
		return this.groupKeys;
	}

	/** The individual enrollments' keys file; {@code null} for a group. */
	public IndividualKeysFile individualKeys() {
		return this.individualKeys;
	}

	/**
	 * The keys the device signs with: derived from the group's keys, or read from the
	 * keys file now.
	 * @return empty for a device that has no row in the keys file of individual
	 * enrollments
	 */
	public Optional<SigningKeys> keysFor(String registrationId) {
		if (this.kind == Kind.GROUP) {
			EnrollmentKeys keys = keysOfGroup();
			return Optional.of(new SigningKeys(keys.primary().deriveDeviceKey(registrationId),
					keys.hasSecondary() ? keys.secondary().deriveDeviceKey(registrationId) : null));
		}
		return this.individualKeys.find(registrationId)
			.map((keys) -> new SigningKeys(keys.primary(), keys.secondary()));
	}

	/**
	 * What a batch remembers of the keys it was started with, so that a resume with other
	 * keys is refused: the group's key fingerprints, or the fingerprint of the keys
	 * file's content. None reveals a key.
	 */
	public List<String> fingerprints() {
		if (this.kind == Kind.GROUP) {
			EnrollmentKeys keys = keysOfGroup();
			return keys.hasSecondary() ? List.of(keys.primary().fingerprint(), keys.secondary().fingerprint())
					: List.of(keys.primary().fingerprint());
		}
		return List.of(this.individualKeys.fingerprint());
	}

	private EnrollmentKeys keysOfGroup() {
		if (this.groupKeys == null) {
			throw new IllegalStateException(describe() + ": its group keys were not read from DPS yet");
		}
		return this.groupKeys;
	}

	@Override
	public String toString() {
		return "Enrollment[" + (isDefault() ? "(default)" : this.name) + ", " + kind() + ", idScope=" + this.idScope
				+ ", endpoint=" + this.globalEndpoint
				+ ((this.groupInDps != null) ? ", enrollmentGroupId=" + this.groupInDps.enrollmentGroupId() : "") + "]";
	}

	/**
	 * An enrollment group as DPS's service API knows it: its ID, and how the service API
	 * of its instance is reached. {@link #toString()} never shows a key.
	 *
	 * @param enrollmentGroupId the group's ID in DPS ({@code enrollment-group-id})
	 * @param property the property that set the ID, for messages
	 * @param access the service API's connection string and endpoint
	 */
	public record GroupInDps(String enrollmentGroupId, String property, ServiceAccess access) {

		@Override
		public String toString() {
			return "GroupInDps[" + this.enrollmentGroupId + " at " + this.access.endpoint() + "]";
		}

	}

}
