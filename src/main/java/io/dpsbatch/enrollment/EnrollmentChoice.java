package io.dpsbatch.enrollment;

/**
 * What {@link Enrollments#choose} answers for a manifest row: its enrollment, or why the
 * row is rejected before any call, in words for {@code rejects.csv}.
 *
 * @param enrollment the enrollment, or {@code null} when rejected
 * @param rejectReason why the row cannot be registered, or {@code null} when it can
 */
public record EnrollmentChoice(Enrollment enrollment, String rejectReason) {

	static EnrollmentChoice of(Enrollment enrollment) {
		return new EnrollmentChoice(enrollment, null);
	}

	static EnrollmentChoice rejected(String reason) {
		return new EnrollmentChoice(null, reason);
	}

	public boolean accepted() {
		return this.enrollment != null;
	}

}
