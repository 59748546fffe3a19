package io.dpsbatch.dps;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

import io.dpsbatch.keys.EnrollmentKeys;

/** What every {@link DeviceProvisioning} of one {@link DpsRegistrar} shares. */
record RegistrarContext(DpsProperties properties, EnrollmentKeys keys, DpsHttp http, DpsUris uris, DpsJson json,
		Pacer pacer, KeyVerdicts verdicts, Backoff backoff, DpsTimings timings, ScheduledExecutorService scheduler,
		StatisticsCounters statistics, Clock clock, String endpointHost) {
}
