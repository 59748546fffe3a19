/**
 * dps-batch's own client of the DPS service API (docs/dps.md#service-api-client-facts):
 * individual enrollments (one at a time, in bulk of at most ten, by query), enrollment
 * groups and registration records, over the HTTPS connections of {@code dps}, signed with
 * a {@link io.dpsbatch.keys.ServiceConnectionString}.
 * <p>
 * Entry point: {@link io.dpsbatch.service.ServiceClients} (one per run: the connections,
 * one pace per DPS instance) makes a
 * {@link io.dpsbatch.service.ProvisioningServiceClient} per instance; its calls read and
 * write {@link io.dpsbatch.service.IndividualEnrollment},
 * {@link io.dpsbatch.service.EnrollmentGroup},
 * {@link io.dpsbatch.service.RegistrationRecord} and
 * {@link io.dpsbatch.service.BulkResult}, and fail with
 * {@link io.dpsbatch.service.ServiceApiException}, whose
 * {@link io.dpsbatch.service.ServiceApiException#outcomeUnknown()} states the rule for
 * requests whose answer was lost.
 */
package io.dpsbatch.service;
