package io.dpsbatch.service;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.dpsbatch.dps.Backoff;
import io.dpsbatch.dps.DpsConfigurationException;
import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.dps.DpsTransport;
import io.dpsbatch.keys.ServiceConnectionString;

/**
 * The service API clients of a run: one set of HTTPS connections for all of them (the
 * trust, proxy and time limits of {@code dps.*}, as the device client has), and one pace
 * per DPS instance, keyed by the connection string's {@code HostName}, whatever the
 * endpoint: the operations quota is the instance's
 * (docs/dps.md#service-api-client-facts). Closing it closes the connections of every
 * client it made.
 */
public final class ServiceClients implements AutoCloseable {

	/**
	 * The service API version: its own, not {@code dps.api-version}, which is the device
	 * API's (docs/dps.md#service-api-client-facts).
	 */
	static final String SERVICE_API_VERSION = "2021-10-01";

	private final DpsProperties properties;

	private final Clock clock;

	private final ServiceTimings timings;

	private final Sleeper sleeper;

	private final DpsTransport transport;

	private final ServiceJson json = new ServiceJson();

	private final Map<String, ServicePace> paces = new ConcurrentHashMap<>();

	/**
	 * @throws DpsConfigurationException when the properties cannot work (the message says
	 * what to fix)
	 */
	public ServiceClients(DpsProperties properties, Clock clock) {
		this(properties, clock, ServiceTimings.DEFAULTS, Sleeper.THREAD);
	}

	ServiceClients(DpsProperties properties, Clock clock, ServiceTimings timings, Sleeper sleeper) {
		validate(properties);
		this.properties = properties;
		this.clock = clock;
		this.timings = timings;
		this.sleeper = sleeper;
		this.transport = DpsTransport.open(properties);
	}

	/**
	 * A client of the instance of {@code connectionString}, its calls sent to
	 * {@code endpoint} (the SAS tokens signed for the connection string's
	 * {@code HostName} all the same).
	 */
	public ProvisioningServiceClient client(ServiceConnectionString connectionString, URI endpoint) {
		ServicePace pace = this.paces.computeIfAbsent(connectionString.hostName().toLowerCase(Locale.ROOT),
				(host) -> new ServicePace(this.properties.serviceOperationsPerMinute(), System::nanoTime,
						this.sleeper));
		Backoff backoff = new Backoff(this.timings.backoffBase(), this.timings.backoffCap(),
				this.timings.maxSingleWait(), this.timings.jitter());
		ServiceTokens tokens = new ServiceTokens(connectionString, this.properties.sasTokenTtl(), this.clock);
		return new ProvisioningServiceClient(new ServiceExchange(this.transport, endpoint, SERVICE_API_VERSION, tokens,
				pace, backoff, this.properties.maxAttempts(), this.sleeper, this.clock, userAgent()), this.json);
	}

	@Override
	public void close() {
		this.transport.close();
	}

	private static void validate(DpsProperties properties) {
		if (properties.serviceOperationsPerMinute() < 1) {
			throw new DpsConfigurationException("dps.service-operations-per-minute must be at least 1, not "
					+ properties.serviceOperationsPerMinute());
		}
		if (properties.maxAttempts() < 1) {
			throw new DpsConfigurationException("dps.max-attempts must be at least 1, not " + properties.maxAttempts());
		}
		Duration ttl = properties.sasTokenTtl();
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new DpsConfigurationException(
					"dps.sas-token-ttl must be a positive duration (for example 1h), not " + ttl);
		}
	}

	private static String userAgent() {
		String version = ServiceClients.class.getPackage().getImplementationVersion();
		return "dps-batch/" + ((version != null) ? version : "dev");
	}

	/**
	 * The backoff of the service calls.
	 *
	 * @param backoffBase the ceiling of the first retry's random wait
	 * @param backoffCap the ceiling's limit
	 * @param maxSingleWait the longest a {@code Retry-After} may make one wait
	 * @param jitter the share of the ceiling a wait takes, uniformly random in [0, 1)
	 */
	record ServiceTimings(Duration backoffBase, Duration backoffCap, Duration maxSingleWait, DoubleSupplier jitter) {

		static final ServiceTimings DEFAULTS = new ServiceTimings(Duration.ofSeconds(1), Duration.ofSeconds(30),
				Duration.ofMinutes(2), () -> ThreadLocalRandom.current().nextDouble());

	}

}
