package io.dpsbatch.cli;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.dpsbatch.emulator.EmulatedEnrollment;
import io.dpsbatch.enrollment.EnrollmentProperties;
import io.dpsbatch.enrollment.EnrollmentProperties.NamedEnrollment;

/**
 * The configured enrollments pointed at the embedded emulator ({@code --emulator}): each
 * {@code dps.enrollments.<name>} becomes the emulator's enrollment of the same name
 * (without regard to case), its ID scope, its group keys or its individual keys file, at
 * the emulator's endpoint; the default enrollment is the emulator's default group, so
 * {@code dps.individual-keys-file} is dropped. Here, where the emulator is wired, so that
 * neither the enrollments nor the emulator need know the other.
 */
final class EnrollmentsAtEmulator {

	private EnrollmentsAtEmulator() {
	}

	/**
	 * @throws UsageException (exit 64) for a name the emulator does not serve
	 */
	static EnrollmentProperties pointedAt(EnrollmentProperties configured, URI endpoint,
			List<EmulatedEnrollment> served, Map<String, String> serviceConnectionStrings) {
		Map<String, NamedEnrollment> pointed = new LinkedHashMap<>();
		configured.enrollments().forEach((name, settings) -> {
			EmulatedEnrollment emulated = find(served, name).orElseThrow(() -> new UsageException(
					"dps.enrollments." + name + " is not served by the emulator" + " (it serves " + servedNames(served)
							+ "): add emulator.enrollments." + name + " to rehearse it"));
			String service = serviceConnectionStrings.get(emulated.idScope());
			pointed.put(name,
					emulated.isIndividual()
							? new NamedEnrollment(emulated.idScope(), endpoint, null, null, null, null,
									emulated.individualKeysFile(), service, null, endpoint, null)
							: checksGroup(settings.enrollmentGroupId())
									// the configured keys, or none: the check through the
									// service API is what is rehearsed
									? new NamedEnrollment(emulated.idScope(), endpoint, settings.groupKey(),
											settings.groupKeyFile(), settings.secondaryGroupKey(),
											settings.secondaryGroupKeyFile(), null, service, null, endpoint,
											settings.enrollmentGroupId())
									: new NamedEnrollment(emulated.idScope(), endpoint, emulated.groupKey(), null,
											emulated.secondaryGroupKey(), null, null, service, null, endpoint, null));
		});
		String defaultService = served.stream()
			.filter((emulated) -> emulated.name().isEmpty())
			.findFirst()
			.map((emulated) -> serviceConnectionStrings.get(emulated.idScope()))
			.orElse(null);
		return new EnrollmentProperties(pointed, null, defaultService, null, endpoint, configured.enrollmentGroupId());
	}

	/**
	 * Whether an enrollment's group is to be checked through the emulator's service API:
	 * it has an {@code enrollment-group-id}. Its configured keys (or none) are then kept
	 * instead of the emulator's, so that a wrong key or one left out is rehearsed.
	 */
	static boolean checksGroup(String enrollmentGroupId) {
		return enrollmentGroupId != null && !enrollmentGroupId.isBlank();
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

}
