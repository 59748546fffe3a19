package io.dpsbatch.register;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.dps.OutcomeStatus;
import io.dpsbatch.dps.RegistrationOutcome;
import io.dpsbatch.store.LineOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The register step's Micrometer meters: outcomes, per-device latency, devices in flight,
 * DPS requests, throttled answers and the pace in force. Scraped through the Prometheus
 * endpoint of the {@code metrics} profile, or read by whatever registry the operator
 * configures.
 */
@Component
class RegistrationMetrics {

	private final Map<OutcomeStatus, Counter> outcomes = new EnumMap<>(OutcomeStatus.class);

	private final Timer latency;

	private final Counter registerCalls;

	private final Counter lookupCalls;

	private final Counter pollCalls;

	private final Counter throttled;

	private final Counter retries;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger pace = new AtomicInteger();

	private DpsStatistics counted = new DpsStatistics(0, 0, 0, 0, 0, 0, 0, 0);

	RegistrationMetrics(MeterRegistry registry) {
		for (OutcomeStatus status : OutcomeStatus.values()) {
			this.outcomes.put(status,
					Counter.builder("dpsbatch.registrations")
						.description("Devices that reached a final status, by outcome")
						.tag("outcome", status.name().toLowerCase(Locale.ROOT))
						.register(registry));
		}
		this.latency = Timer.builder("dpsbatch.registration.latency")
			.description("Time from the first request for a device to its final status")
			.publishPercentiles(0.5, 0.95, 0.99)
			.register(registry);
		this.registerCalls = request(registry, "register");
		this.lookupCalls = request(registry, "lookup");
		this.pollCalls = request(registry, "poll");
		this.throttled = Counter.builder("dpsbatch.dps.throttled")
			.description("HTTP 429 answers from DPS, to any request")
			.register(registry);
		this.retries = Counter.builder("dpsbatch.dps.retries")
			.description("Requests sent again after a 429, a 5xx, a timeout or a broken connection")
			.register(registry);
		Gauge.builder("dpsbatch.registrations.in.flight", this.inFlight, AtomicInteger::get)
			.description("Devices between their first request and their final status")
			.register(registry);
		Gauge.builder("dpsbatch.dps.pace", this.pace, AtomicInteger::get)
			.description("Register calls per minute in force (lower than configured while DPS throttles)")
			.baseUnit("registrations.per.minute")
			.register(registry);
	}

	private static Counter request(MeterRegistry registry, String call) {
		return Counter.builder("dpsbatch.dps.requests")
			.description("Requests that reached DPS, by call (register calls are billable)")
			.tag("call", call)
			.register(registry);
	}

	/** A new DPS client starts its statistics at zero: count from there. */
	synchronized void clientOpened(DpsStatistics statistics) {
		this.counted = statistics;
	}

	/**
	 * Counts the outcomes just recorded and what the DPS client did since the last call.
	 */
	synchronized void recorded(List<? extends LineOutcome> recorded, int devicesInFlight, DpsStatistics statistics) {
		for (LineOutcome line : recorded) {
			RegistrationOutcome outcome = line.outcome();
			this.outcomes.get(outcome.status()).increment();
			if (outcome.startedAt() != null && outcome.finishedAt() != null) {
				this.latency.record(Duration.between(outcome.startedAt(), outcome.finishedAt()));
			}
		}
		DpsStatistics since = statistics.since(this.counted);
		this.registerCalls.increment(since.registerCalls());
		this.lookupCalls.increment(since.lookupCalls());
		this.pollCalls.increment(since.pollCalls());
		this.throttled.increment(since.throttledResponses());
		this.retries.increment(since.retries());
		this.counted = statistics;
		this.inFlight.set(devicesInFlight);
		this.pace.set(statistics.pacePerMinute());
	}

}
