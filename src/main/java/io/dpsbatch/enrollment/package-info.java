/**
 * The configured enrollments: the default one ({@code dps.id-scope} with
 * {@code dps.group-key*} or {@code dps.individual-keys-file}) and the named ones of
 * {@code dps.enrollments.*}, each with its ID scope, endpoint and keys, checked when
 * loaded so that a mistake stops the command before anything is sent (exit 64).
 * <p>
 * Entry point: {@link io.dpsbatch.enrollment.Enrollments#load}, from
 * {@link io.dpsbatch.enrollment.DefaultEnrollmentSettings} and
 * {@link io.dpsbatch.enrollment.EnrollmentProperties};
 * {@link io.dpsbatch.enrollment.Enrollments#choose} picks a manifest row's
 * {@link io.dpsbatch.enrollment.Enrollment}, which gives a device its
 * {@link io.dpsbatch.enrollment.SigningKeys}.
 * {@link io.dpsbatch.enrollment.ServiceAccess} gives an enrollment's DPS instance its
 * service API connection string and endpoint; with an {@code enrollment-group-id}, an
 * {@link io.dpsbatch.enrollment.Enrollment.GroupInDps} names the group to check there (a
 * group may then leave its keys out: {@code job} reads them from DPS and gives them with
 * {@link io.dpsbatch.enrollment.Enrollment#withGroupKeys}).
 */
package io.dpsbatch.enrollment;
