/**
 * The provision and retry-failed jobs (Spring Batch): their import, reservation and
 * export steps, the checks before a run writes anything, and how a run starts, resumes
 * and stops. The register step is in {@code io.dpsbatch.register}.
 * <p>
 * Entry points: {@link io.dpsbatch.job.ProvisioningService} (provision, retry-failed,
 * stop) and {@link io.dpsbatch.job.DryRun}; a run ends as a
 * {@link io.dpsbatch.job.RunResult}. {@link io.dpsbatch.job.ProvisioningTarget} holds the
 * DPS instances and enrollments a run uses; {@link io.dpsbatch.job.BatchJobs} names the
 * jobs and their parameters. Before the first register call, {@code EnrollmentGroupCheck}
 * checks each enrollment group that has an {@code enrollment-group-id} and a service
 * connection string through the service API ({@code io.dpsbatch.service}), and reads its
 * keys when none is configured.
 */
package io.dpsbatch.job;
