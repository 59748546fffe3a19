/**
 * The register step: a tasklet that keeps up to {@code dps.max-in-flight} devices with
 * DPS at once and records their outcomes as they arrive, so that the rate limit, not a
 * chunk barrier, sets the pace.
 * <p>
 * Map: {@link io.dpsbatch.register.RegisterStepConfiguration} wires the step and its
 * step-scoped parts; {@link io.dpsbatch.register.RegistrationTasklet} decides each
 * transaction (read, send, wait, write, stop);
 * {@link io.dpsbatch.register.PendingDeviceReader} reads the PENDING devices in line
 * order; {@link io.dpsbatch.register.InFlightWindow} marks devices sent (REGISTERING),
 * hands them to the DPS client ({@link io.dpsbatch.dps.Registrar}) and holds their
 * outcomes until the step takes them; {@link io.dpsbatch.register.OutcomeWriter} records
 * the outcomes; the write listeners {@link io.dpsbatch.register.TrafficCounters},
 * {@link io.dpsbatch.register.TrafficBuckets} and
 * {@link io.dpsbatch.register.RegistrationProgress} record what was sent to DPS,
 * report.html's traffic chart and the progress lines and metrics.
 * <p>
 * The device statuses in the store are the process indicator: the step saves no read
 * position, and a restarted step returns the devices a stopped run left REGISTERING to
 * the queue, each looked up first.
 */
package io.dpsbatch.register;
