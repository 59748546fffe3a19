package io.dpsbatch.dps;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every {@link DeviceProvisioning} of one {@link DpsRegistrar} shares; what only the
 * devices of one DPS instance or one enrollment share comes from
 * {@link EnrollmentRoutes}.
 */
record RegistrarContext(DpsProperties properties, DpsHttp http, EnrollmentRoutes routes, DpsJson json, Backoff backoff,
		DpsTimings timings, ScheduledExecutorService scheduler, StatisticsCounters statistics, Clock clock) {
}
