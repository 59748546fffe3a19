/**
 * The embedded DPS emulator: Azure IoT Hub Device Provisioning Service's device and
 * service APIs for symmetric-key enrollments (a default group; with
 * {@code emulator.enrollments} more groups, individual enrollments and more instances,
 * each ID scope with its own quota), on {@code https://localhost:<port>} (127.0.0.1
 * only), for rehearsing a batch and for breaking the pipeline on purpose in tests.
 * <p>
 * Entry points: {@link io.dpsbatch.emulator.DpsEmulator#start} with
 * {@link io.dpsbatch.emulator.EmulatorProperties} ({@code emulator.*});
 * {@link io.dpsbatch.emulator.EmulatorCounts} and
 * {@link io.dpsbatch.emulator.FaultSettings} are also served as JSON by
 * {@code GET /_emulator/counts} and {@code GET|PUT /_emulator/faults}.
 * <p>
 * What it answers (docs/dps.md has the real service's facts):
 * <ul>
 * <li>{@code PUT /{idScope}/registrations/{id}/register}: 202 {@code {operationId,
 * status: assigning}} with {@code Retry-After} and {@code Location}; the operation ends
 * after {@code emulator.assignment-delay} as {@code assigned} (hub = stable hash of the
 * lower-cased ID, substatus {@code initialAssignment} or
 * {@code reprovisionedToInitialAssignment}, payload echoed), {@code disabled} or
 * {@code failed} (errorCode 400209) for IDs matching {@code emulator.disabled-ids} /
 * {@code emulator.failing-ids}.</li>
 * <li>{@code GET /{idScope}/registrations/{id}/operations/{operationId}}: 202 while
 * assigning, 200 after.</li>
 * <li>{@code POST /{idScope}/registrations/{id}}: 200 with the latest registration state,
 * 404 (404201) when the device was never registered.</li>
 * <li>The service API of each instance ({@link io.dpsbatch.emulator.ServiceApiHandler}):
 * individual enrollments ({@code PUT|GET|DELETE /enrollments/{id}}, {@code POST
 * /enrollments/{id}/attestationmechanism}, bulk {@code POST /enrollments}, {@code POST
 * /enrollments/query}), the configured groups ({@code GET /enrollmentGroups/{id}} and its
 * attestation mechanism) and registration records ({@code GET|DELETE
 * /registrations/{id}}), authorised by service SAS tokens for the instance's host name
 * {@code <id scope>.dps-emulator.localhost} and its {@code provisioningserviceowner} key,
 * within the instance's operations quota. Enrollments created there share the instance's
 * state with the device API.</li>
 * <li>Errors as DPS writes them: {@code {errorCode, trackingId, message, timestampUtc}}
 * plus header {@code x-ms-error-code}: 400 (400001 bad request, 400004 invalid
 * registration ID), 401 (401002), 404 (404001 unknown ID scope, 404000 unknown path,
 * 404201, 404202 unknown operation), 405, 415, 429 (429001, registration quota, poll
 * limit or injected), 500 and 503 (injected).</li>
 * </ul>
 * The state directory ({@code emulator.state-dir}, default {@code ./data/emulator}, mode
 * 0700) keeps {@code group-key} and {@code secondary-group-key} (when generated;
 * {@code group-key.<name>} and {@code secondary-group-key.<name>} for named groups),
 * {@code service-key.<id scope>} (each instance's service policy key, when generated),
 * {@code ca.p12}, {@code server.p12}, {@code tls.password}, {@code truststore.p12} and
 * {@code truststore.password}; registrations and enrollments created through the service
 * API are in memory.
 */
package io.dpsbatch.emulator;
