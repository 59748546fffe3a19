package io.dpsbatch.enrollment;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.dpsbatch.enrollment.Enrollment.GroupInDps;
import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.IndividualKeysFile;

/**
 * Builds {@link Enrollments} from the properties and checks them, so that every mistake
 * stops the command before anything is read or sent (exit 64): a name that is not a name
 * or is given twice (names are matched without regard to case), an enrollment that is
 * both a group and individual enrollments or neither, a secondary group key without a
 * primary, a group ID with neither a group key nor a service connection string to read
 * the keys with, a missing ID scope, an endpoint that is not https, an unusable key or
 * keys file. The group keys are read by {@link EnrollmentKeysLoader}, the keys files by
 * {@link IndividualKeysFile}.
 */
final class EnrollmentsLoader {

	/**
	 * Letters, digits, '-' and '_': a Spring property name element and a word in a file
	 * name alike.
	 */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

	private static final Pattern ID_SCOPE = Pattern.compile("[A-Za-z0-9]{1,64}");

	private final DefaultEnrollmentSettings defaults;

	private final EnrollmentProperties properties;

	private final List<IndividualKeysFile> opened = new ArrayList<>();

	EnrollmentsLoader(DefaultEnrollmentSettings defaults, EnrollmentProperties properties) {
		this.defaults = defaults;
		this.properties = properties;
	}

	Enrollments load() {
		try {
			Enrollment defaultEnrollment = loadDefault();
			Map<String, Enrollment> named = new TreeMap<>();
			Map<String, String> spelledAs = new TreeMap<>();
			for (Map.Entry<String, EnrollmentProperties.NamedEnrollment> entry : this.properties.enrollments()
				.entrySet()) {
				String name = entry.getKey();
				String prefix = "dps.enrollments." + name;
				if (!NAME.matcher(name).matches()) {
					throw new EnrollmentConfigurationException(
							prefix + ": an enrollment name is 1 to 64 letters, digits,"
									+ " '-' and '_', starting with a letter or digit");
				}
				String key = name.toLowerCase(Locale.ROOT);
				String earlier = spelledAs.putIfAbsent(key, name);
				if (earlier != null) {
					throw new EnrollmentConfigurationException("dps.enrollments has '" + earlier + "' and '" + name
							+ "': enrollment names are matched without regard to case, so they name one enrollment twice");
				}
				named.put(key, loadNamed(key, prefix, entry.getValue()));
			}
			if (defaultEnrollment == null && named.isEmpty()) {
				throw new EnrollmentConfigurationException(
						"no enrollment group key: set DPS_GROUP_KEY, dps.group-key or"
								+ " dps.group-key-file (or dps.individual-keys-file, or dps.enrollments.<name>.*)");
			}
			return new Enrollments(defaultEnrollment, named);
		}
		catch (RuntimeException ex) {
			this.opened.forEach(IndividualKeysFile::close);
			throw ex;
		}
	}

	private Enrollment loadDefault() {
		boolean keys = EnrollmentKeysLoader.isSet(this.defaults.groupKey(), this.defaults.groupKeyFile());
		boolean secondary = EnrollmentKeysLoader.isSet(this.defaults.secondaryGroupKey(),
				this.defaults.secondaryGroupKeyFile());
		Path individual = this.properties.individualKeysFile();
		if (keys && individual != null) {
			throw new EnrollmentConfigurationException("both dps.group-key (or -file) and dps.individual-keys-file are"
					+ " set: the default enrollment is a group or individual enrollments, set only one of them");
		}
		GroupInDps inDps = groupInDps("", "dps", this.properties.enrollmentGroupId(), keys, individual != null);
		if (!keys) {
			refuseLoneSecondary("dps", secondary, individual != null);
			if (individual == null && inDps == null) {
				return null;
			}
		}
		String idScope = idScope("dps.id-scope", this.defaults.idScope());
		URI endpoint = endpoint("dps.global-endpoint", this.defaults.globalEndpoint());
		if (keys || inDps != null) {
			return Enrollment.group("", idScope, endpoint, keys ? EnrollmentKeysLoader.load(this.defaults) : null,
					inDps);
		}
		return Enrollment.individual("", idScope, endpoint, open(individual, "dps.individual-keys-file"));
	}

	private Enrollment loadNamed(String name, String prefix, EnrollmentProperties.NamedEnrollment settings) {
		if (settings == null) {
			throw new EnrollmentConfigurationException(
					prefix + ": set group-key, group-key-file or individual-keys-file");
		}
		boolean keys = EnrollmentKeysLoader.isSet(settings.groupKey(), settings.groupKeyFile());
		boolean secondary = EnrollmentKeysLoader.isSet(settings.secondaryGroupKey(), settings.secondaryGroupKeyFile());
		boolean individual = settings.individualKeysFile() != null;
		if (keys && individual) {
			throw new EnrollmentConfigurationException(prefix + " has both a group key and an individual-keys-file: an"
					+ " enrollment is a group or individual enrollments, set only one of them");
		}
		GroupInDps inDps = groupInDps(name, prefix, settings.enrollmentGroupId(), keys, individual);
		if (!keys && !individual && inDps == null) {
			throw new EnrollmentConfigurationException(prefix + " has no keys: set group-key, group-key-file (a group)"
					+ " or individual-keys-file (individual enrollments)");
		}
		if (!keys) {
			refuseLoneSecondary(prefix, secondary, individual);
		}
		String idScope = (settings.idScope() != null) ? idScope(prefix + ".id-scope", settings.idScope())
				: idScope("dps.id-scope (the default of " + prefix + ".id-scope)", this.defaults.idScope());
		URI endpoint = (settings.globalEndpoint() != null)
				? endpoint(prefix + ".global-endpoint", settings.globalEndpoint())
				: endpoint("dps.global-endpoint", this.defaults.globalEndpoint());
		if (!individual) {
			EnrollmentKeys groupKeys = EnrollmentKeysLoader.loadGroup(prefix, settings.groupKey(),
					settings.groupKeyFile(), settings.secondaryGroupKey(), settings.secondaryGroupKeyFile());
			return Enrollment.group(name, idScope, endpoint, groupKeys, inDps);
		}
		return Enrollment.individual(name, idScope, endpoint,
				open(settings.individualKeysFile(), prefix + ".individual-keys-file"));
	}

	/**
	 * The group in DPS that the service API checks (and reads the keys of, when none is
	 * configured): set when the enrollment has both an {@code enrollment-group-id} and a
	 * service connection string; {@code null} when it has no group ID, or one and a group
	 * key but no connection string (nothing to check with).
	 */
	private GroupInDps groupInDps(String name, String prefix, String enrollmentGroupId, boolean keys,
			boolean individual) {
		if (!EnrollmentKeysLoader.isSet(enrollmentGroupId)) {
			return null;
		}
		String property = prefix + ".enrollment-group-id";
		if (individual) {
			throw new EnrollmentConfigurationException(property + " names an enrollment group, but " + prefix
					+ " is individual enrollments (individual-keys-file): set only one of them");
		}
		GroupInDps inDps = ServiceAccess.of(this.properties, name)
			.map((access) -> new GroupInDps(enrollmentGroupId.strip(), property, access))
			.orElse(null);
		if (inDps == null && !keys) {
			throw new EnrollmentConfigurationException(property + " is set without " + prefix
					+ ".group-key and without a service connection string: set the group key, or "
					+ (prefix.equals("dps") ? "dps" : prefix + " (or dps)")
					+ ".service-connection-string so that the group's keys are read from DPS");
		}
		return inDps;
	}

	private static void refuseLoneSecondary(String prefix, boolean secondary, boolean individual) {
		if (!secondary) {
			return;
		}
		throw new EnrollmentConfigurationException(prefix + ".secondary-group-key (or -file) is set without " + prefix
				+ ".group-key"
				+ (individual
						? ": individual enrollments have each device's secondary key in" + " the individual keys file"
						: ": set the primary key too"));
	}

	private IndividualKeysFile open(Path file, String property) {
		IndividualKeysFile keys = IndividualKeysFile.open(file, property);
		this.opened.add(keys);
		return keys;
	}

	private static String idScope(String property, String value) {
		if (!EnrollmentKeysLoader.isSet(value)) {
			throw new EnrollmentConfigurationException(property + " is not set: set it to the ID scope shown on the"
					+ " overview page of the DPS instance");
		}
		String idScope = value.strip();
		if (!ID_SCOPE.matcher(idScope).matches()) {
			throw new EnrollmentConfigurationException(property + " must be letters and digits, like 0ne00XXXXXX");
		}
		return idScope;
	}

	private static URI endpoint(String property, URI endpoint) {
		if (endpoint == null || !"https".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
			throw new EnrollmentConfigurationException(property + " must be an https:// URL with a host name,"
					+ " for example https://global.azure-devices-provisioning.net");
		}
		return endpoint;
	}

}
