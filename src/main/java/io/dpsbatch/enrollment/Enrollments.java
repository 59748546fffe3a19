package io.dpsbatch.enrollment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Every enrollment a run may register devices through: the default one
 * ({@code dps.id-scope} with {@code dps.group-key...} or
 * {@code dps.individual-keys-file}) and the named ones of {@code dps.enrollments}, each
 * checked when loaded (see {@link EnrollmentsLoader}). Answers, for a manifest row's
 * {@code enrollment} cell and registration ID, which enrollment registers the device, or
 * why the row is rejected.
 */
public final class Enrollments implements AutoCloseable {

	private final Enrollment defaultEnrollment;

	private final Map<String, Enrollment> named;

	Enrollments(Enrollment defaultEnrollment, Map<String, Enrollment> named) {
		this.defaultEnrollment = defaultEnrollment;
		this.named = new LinkedHashMap<>(named);
	}

	/**
	 * Only a default enrollment: a configuration without {@code dps.enrollments} (and
	 * tests).
	 */
	public static Enrollments of(Enrollment defaultEnrollment) {
		return new Enrollments(defaultEnrollment, Map.of());
	}

	/**
	 * Reads and checks every enrollment, opening the individual keys files.
	 * @param defaults the default enrollment's settings ({@code dps.id-scope},
	 * {@code dps.group-key...})
	 * @throws EnrollmentConfigurationException (exit 64) naming the property to fix
	 * @throws io.dpsbatch.keys.KeysFileException (exit 64) naming the keys file and line
	 * to fix
	 */
	public static Enrollments load(DefaultEnrollmentSettings defaults, EnrollmentProperties enrollments) {
		return new EnrollmentsLoader(defaults, enrollments).load();
	}

	/**
	 * The enrollment that registers a manifest row's device, or why the row is rejected.
	 * @param enrollmentCell the row's {@code enrollment} cell: a name, matched without
	 * regard to case and surrounding spaces; {@code null} or blank for the default
	 * enrollment
	 */
	public EnrollmentChoice choose(String enrollmentCell, String registrationId) {
		String name = (enrollmentCell != null) ? enrollmentCell.strip() : "";
		Enrollment enrollment;
		if (name.isEmpty()) {
			if (this.defaultEnrollment == null) {
				return EnrollmentChoice.rejected("the row names no enrollment and no default enrollment is configured"
						+ " (dps.group-key or dps.individual-keys-file); configured: " + namesOrNone());
			}
			enrollment = this.defaultEnrollment;
		}
		else {
			enrollment = this.named.get(name.toLowerCase(Locale.ROOT));
			if (enrollment == null) {
				return EnrollmentChoice
					.rejected("enrollment '" + name + "' is not configured (configured: " + namesOrNone() + ")");
			}
		}
		if (enrollment.kind() == Enrollment.Kind.INDIVIDUAL && !enrollment.individualKeys().contains(registrationId)) {
			return EnrollmentChoice
				.rejected("no key for device '" + registrationId + "' in the individual keys file of "
						+ enrollment.describe() + " (" + enrollment.individualKeys().file() + ")");
		}
		return EnrollmentChoice.of(enrollment);
	}

	/**
	 * The enrollment of that name (without regard to case); {@code ""} is the default
	 * one.
	 */
	public Optional<Enrollment> find(String name) {
		String key = name.strip().toLowerCase(Locale.ROOT);
		return key.isEmpty() ? Optional.ofNullable(this.defaultEnrollment) : Optional.ofNullable(this.named.get(key));
	}

	/**
	 * The same enrollments, each passed through {@code change} (say, a group given the
	 * keys read from DPS); they share the keys files of these, which either closes.
	 */
	public Enrollments map(UnaryOperator<Enrollment> change) {
		Map<String, Enrollment> changed = new LinkedHashMap<>();
		this.named.forEach((name, enrollment) -> changed.put(name, change.apply(enrollment)));
		return new Enrollments((this.defaultEnrollment != null) ? change.apply(this.defaultEnrollment) : null, changed);
	}

	/** Every enrollment, the default one first when configured. */
	public List<Enrollment> all() {
		List<Enrollment> all = new ArrayList<>(this.named.size() + 1);
		if (this.defaultEnrollment != null) {
			all.add(this.defaultEnrollment);
		}
		all.addAll(this.named.values());
		return all;
	}

	private String namesOrNone() {
		Collection<String> names = this.named.keySet();
		return names.isEmpty() ? "none in dps.enrollments" : String.join(", ", names);
	}

	@Override
	public void close() {
		for (Enrollment enrollment : all()) {
			if (enrollment.individualKeys() != null) {
				enrollment.individualKeys().close();
			}
		}
	}

}
