/**
 * The asynchronous HTTPS client of the DPS device API (docs/dps.md): register, poll and
 * status lookup, with retries and backoff, pacing per DPS instance, a bound on
 * connections, TLS and proxy, over Apache HttpClient 5.
 * <p>
 * Entry point: {@link io.dpsbatch.dps.DpsRegistrar}, configured by
 * {@link io.dpsbatch.dps.DpsProperties} ({@code dps.*}); {@code provision} takes a
 * {@link io.dpsbatch.dps.DeviceToRegister} and completes with a
 * {@link io.dpsbatch.dps.RegistrationOutcome}, or with
 * {@link io.dpsbatch.dps.DpsUnavailableException} or
 * {@link io.dpsbatch.dps.GroupKeyRefusedException} when the run cannot go on. One
 * device's path is {@code DeviceProvisioning}; its opening comment has the table of
 * steps. {@link io.dpsbatch.dps.DpsTransport} lends the same HTTPS connections (trust,
 * proxy, time limits) to the service API client.
 */
package io.dpsbatch.dps;
