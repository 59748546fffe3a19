package io.dpsbatch.enrollment;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.dpsbatch.emulator.EmulatedEnrollment;

/**
 * The {@code dps.*} properties of several enrollments, bound next to {@link io.dpsbatch.dps.DpsProperties}
 * (same prefix, other names) so that the default enrollment's properties stay where they are. Their names are
 * part of the public contract (DESIGN.md §1). {@link #toString()} never shows a key.
 *
 * @param enrollments named enrollments that a manifest row picks with its {@code enrollment} column, by name
 * (matched without regard to case)
 * @param individualKeysFile makes the default enrollment a set of individual enrollments instead of a group
 */
@ConfigurationProperties("dps")
public record EnrollmentProperties(Map<String, NamedEnrollment> enrollments, Path individualKeysFile) {

	public EnrollmentProperties {
		enrollments = (enrollments != null) ? new LinkedHashMap<>(enrollments) : Map.of();
	}

	/**
	 * A copy pointed at the embedded emulator ({@code --emulator}): each {@code dps.enrollments.<name>} becomes the
	 * emulator's enrollment of the same name (without regard to case), its ID scope, its group keys or its
	 * individual keys file, at the emulator's endpoint; the default enrollment is the emulator's default group,
	 * so {@code dps.individual-keys-file} is dropped.
	 * @throws EnrollmentConfigurationException (exit 64) for a name the emulator does not serve
	 */
	public EnrollmentProperties withEmulator(URI endpoint, List<EmulatedEnrollment> served) {
		Map<String, NamedEnrollment> pointed = new LinkedHashMap<>();
		this.enrollments.forEach((name, configured) -> {
			EmulatedEnrollment emulated = find(served, name)
				.orElseThrow(() -> new EnrollmentConfigurationException("dps.enrollments." + name + " is not served by"
						+ " the emulator (it serves " + servedNames(served) + "): add emulator.enrollments." + name
						+ " to rehearse it"));
			pointed.put(name, emulated.isIndividual()
					? new NamedEnrollment(emulated.idScope(), endpoint, null, null, null, null,
							emulated.individualKeysFile())
					: new NamedEnrollment(emulated.idScope(), endpoint, emulated.groupKey(), null,
							emulated.secondaryGroupKey(), null, null));
		});
		return new EnrollmentProperties(pointed, null);
	}

	private static Optional<EmulatedEnrollment> find(List<EmulatedEnrollment> served, String name) {
		return served.stream()
			.filter((emulated) -> !emulated.name().isEmpty() && emulated.name().equalsIgnoreCase(name))
			.findFirst();
	}

	private static String servedNames(List<EmulatedEnrollment> served) {
		String names = served.stream()
			.map(EmulatedEnrollment::name)
			.filter((name) -> !name.isEmpty())
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.collect(Collectors.joining(", "));
		return names.isEmpty() ? "its default group only" : "its default group and " + names;
	}

	/**
	 * One {@code dps.enrollments.<name>.*}: a group (its keys) or a set of individual enrollments (their keys
	 * file), in the DPS instance of its ID scope.
	 *
	 * @param idScope the ID scope of its DPS instance; default {@code dps.id-scope}
	 * @param globalEndpoint DPS base URL; default {@code dps.global-endpoint}
	 * @param groupKey the group's primary key (base64)
	 * @param groupKeyFile a file holding it, instead
	 * @param secondaryGroupKey the group's secondary key, used when DPS refuses the primary
	 * @param secondaryGroupKeyFile a file holding it, instead
	 * @param individualKeysFile CSV {@code registrationId,primaryKey[,secondaryKey]} of individual enrollments
	 */
	public record NamedEnrollment(String idScope, URI globalEndpoint, String groupKey, Path groupKeyFile,
			String secondaryGroupKey, Path secondaryGroupKeyFile, Path individualKeysFile) {

		@Override
		public String toString() {
			return "NamedEnrollment[idScope=" + this.idScope + ", globalEndpoint=" + this.globalEndpoint + ", groupKey="
					+ hidden(this.groupKey) + ", groupKeyFile=" + this.groupKeyFile + ", secondaryGroupKey="
					+ hidden(this.secondaryGroupKey) + ", secondaryGroupKeyFile=" + this.secondaryGroupKeyFile
					+ ", individualKeysFile=" + this.individualKeysFile + "]";
		}

		private static String hidden(String secret) {
			return (secret != null) ? "[hidden]" : "null";
		}

	}

}
