package io.dpsbatch.dps;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;

import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.enrollment.Enrollments;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The asynchronous DPS client: brings devices to a final status, each with its own chain
 * of non-blocking HTTPS calls, all sharing one HTTP client ({@link DpsConnections}: at
 * most {@code dps.max-connections} requests, hence keep-alive connections, at once: see
 * {@link RequestLimiter}) and one scheduler for every delay ({@code Retry-After},
 * backoff, pacing, time limits). Each device goes through its enrollment (a group or
 * individual enrollments, see {@link Enrollment}): the register calls of one DPS instance
 * share its pacer, and each enrollment has its own verdicts on its keys
 * ({@link EnrollmentRoutes}).
 * <p>
 * {@link #provision} returns at once. Its future completes normally with a
 * {@link RegistrationOutcome} whatever DPS said about the device, and exceptionally with
 * {@link DpsUnavailableException} only when DPS cannot be reached at all. Futures are
 * completed on the client's worker threads. How many devices are in flight at once is the
 * caller's to bound ({@code dps.max-in-flight}). This class holds the client's life cycle
 * (threads, connections, devices outstanding at close); each device's steps are in
 * {@link DeviceProvisioning}.
 */
public final class DpsRegistrar implements Registrar {

	private final ScheduledThreadPoolExecutor scheduler;

	private final ExecutorService worker;

	private final EnrollmentRoutes routes;

	private final Enrollment defaultEnrollment;

	private final DpsHttp http;

	private final StatisticsCounters statistics = new StatisticsCounters();

	private final RegistrarContext context;

	private final Map<DeviceProvisioning, CompletableFuture<RegistrationOutcome>> outstanding = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * A client for devices of several enrollments: each device says its own
	 * ({@link DeviceToRegister#enrollment()}), or goes to the default one of
	 * {@code enrollments}.
	 * @throws DpsConfigurationException when the properties cannot work (the message says
	 * what to fix)
	 */
	public DpsRegistrar(DpsProperties properties, Enrollments enrollments, Clock clock) {
		this(properties, enrollments.find("").orElse(null), DpsTimings.DEFAULTS, clock);
	}

	/**
	 * @param defaultEnrollment for devices that name none; {@code null} when every device
	 * names its own
	 */
	DpsRegistrar(DpsProperties properties, Enrollment defaultEnrollment, DpsTimings timings, Clock clock) {
		validate(properties);
		this.defaultEnrollment = defaultEnrollment;
		this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("dps-scheduler-"));
		this.scheduler.setRemoveOnCancelPolicy(true);
		// a few threads with a queue, not a thread per task: no step of a registration
		// blocks, and on a small machine a queue that a busy thread drains costs less
		// than waking (or creating) a thread per hop
		int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
		this.worker = Executors.newFixedThreadPool(threads, daemonThreads("dps-http-"));
		// one pace per DPS instance: each has its own quota; max-in-flight and
		// max-connections stay bounds of the whole run
		this.routes = new EnrollmentRoutes(properties.apiVersion(), properties.registrationsPerMinute(),
				(enrollment) -> new Pacer(properties.registrationsPerMinute(), System::nanoTime,
						Delayer.of(this.scheduler)));
		Backoff backoff = new Backoff(timings.backoffBase(), timings.backoffCap(), timings.maxSingleWait(),
				() -> ThreadLocalRandom.current().nextDouble());
		this.http = new DpsHttp(DpsTransport.open(properties), this.worker, properties, userAgent(), clock);
		this.context = new RegistrarContext(properties, this.http, this.routes, new DpsJson(), backoff, timings,
				this.scheduler, this.statistics, clock);
	}

	/**
	 * Checks what the constructor checks (settings and limits, trust store, proxy)
	 * without opening a client: no thread pool, no HTTP client. For checking a run's
	 * settings before anything is written.
	 * @throws DpsConfigurationException when the properties cannot work (the message says
	 * what to fix)
	 */
	public static void checkSettings(DpsProperties properties) {
		validate(properties);
		DpsTls.sslContext(properties);
		DpsProxy.resolve(properties.proxy(), System.getenv());
	}

	/** Starts bringing one device to a final status; never blocks. */
	public CompletableFuture<RegistrationOutcome> provision(DeviceToRegister device) {
		Objects.requireNonNull(device, "device");
		if (this.closed) {
			return CompletableFuture.failedFuture(new IllegalStateException("the DPS client is closed"));
		}
		Enrollment enrollment = (device.enrollment() != null) ? device.enrollment() : this.defaultEnrollment;
		if (enrollment == null) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("device '" + device.registrationId()
					+ "' names no enrollment and the client has no default enrollment"));
		}
		CompletableFuture<RegistrationOutcome> result = new CompletableFuture<>();
		EnrollmentRoutes.EnrollmentVerdicts verdicts = this.routes.verdicts(enrollment);
		DeviceProvisioning registration = new DeviceProvisioning(this.context, device, enrollment, verdicts.verdicts());
		verdicts.devicesOut().incrementAndGet();
		this.outstanding.put(registration, result);
		if (this.closed) { // close() ran meanwhile and did not see this registration
			this.outstanding.remove(registration);
			verdicts.devicesOut().decrementAndGet();
			result.completeExceptionally(new CancellationException("the DPS client was closed"));
			return result;
		}
		// a caller that gives up on a device (cancels its future) stops its calls too
		result.whenComplete((outcome, failure) -> {
			if (result.isCancelled()) {
				registration.cancel();
			}
		});
		registration.start().whenComplete((outcome, failure) -> {
			this.outstanding.remove(registration);
			verdicts.devicesOut().decrementAndGet();
			verdicts.verdicts().deviceEnded();
			// handed to a worker so that the caller's follow-up never runs on (and holds
			// up) the scheduler
			try {
				this.worker.execute(() -> complete(result, outcome, failure));
			}
			catch (RejectedExecutionException ex) {
				complete(result, outcome, failure);
			}
		});
		return result;
	}

	/** The run's counts; the pace is the sum of the DPS instances' paces. */
	public DpsStatistics statistics() {
		return this.statistics.snapshot(this.routes.pacePerMinute());
	}

	/**
	 * The pace of register calls in force per DPS instance ({@code host/idscope}) that
	 * devices went to.
	 */
	public Map<String, Integer> pacePerInstance() {
		return this.routes.pacePerInstance();
	}

	/**
	 * The run's counts per DPS instance ({@code host/idscope}, see
	 * {@link Enrollment#instance()}) that devices went to, each with its pace in force;
	 * retries and secondary keys are counted for the run only.
	 */
	public Map<String, DpsStatistics> statisticsPerInstance() {
		return this.routes.statisticsPerInstance();
	}

	/**
	 * Stops the client: its schedulers end, and every device not yet at a final status
	 * has its future completed with a {@link CancellationException}.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.routes.close();
		this.scheduler.shutdownNow();
		this.outstanding.forEach((registration, result) -> {
			result.completeExceptionally(
					new CancellationException("the DPS client was closed before the device reached a final status"));
			registration.cancel();
		});
		this.outstanding.clear();
		this.http.close();
		this.worker.shutdown();
	}

	private static void complete(CompletableFuture<RegistrationOutcome> result, RegistrationOutcome outcome,
			Throwable failure) {
		if (failure != null) {
			result.completeExceptionally(TransportFailure.unwrap(failure));
		}
		else {
			result.complete(outcome);
		}
	}

	private static void validate(DpsProperties properties) {
		Objects.requireNonNull(properties, "properties");
		if (properties.idScope() == null || properties.idScope().isBlank()) {
			throw new DpsConfigurationException("dps.id-scope is not set: set DPS_ID_SCOPE or dps.id-scope to the"
					+ " ID scope shown on the overview page of the DPS instance");
		}
		URI endpoint = properties.globalEndpoint();
		if (endpoint == null || !"https".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
			throw new DpsConfigurationException("dps.global-endpoint must be an https:// URL with a host name,"
					+ " for example https://global.azure-devices-provisioning.net");
		}
		if (properties.apiVersion() == null || properties.apiVersion().isBlank()) {
			throw new DpsConfigurationException("dps.api-version is not set (for example 2021-10-01)");
		}
		atLeastOne("dps.max-in-flight", properties.maxInFlight());
		atLeastOne("dps.max-connections", properties.maxConnections());
		atLeastOne("dps.registrations-per-minute", properties.registrationsPerMinute());
		atLeastOne("dps.max-attempts", properties.maxAttempts());
		positive("dps.request-timeout", properties.requestTimeout());
		positive("dps.registration-timeout", properties.registrationTimeout());
		positive("dps.sas-token-ttl", properties.sasTokenTtl());
	}

	private static void atLeastOne(String property, int value) {
		if (value < 1) {
			throw new DpsConfigurationException(property + " must be at least 1, not " + value);
		}
	}

	private static void positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new DpsConfigurationException(
					property + " must be a positive duration (for example 30s or 5m), not " + value);
		}
	}

	private static String userAgent() {
		String version = DpsRegistrar.class.getPackage().getImplementationVersion();
		return "dps-batch/" + ((version != null) ? version : "dev");
	}

	/**
	 * Threads named {@code prefix1}, {@code prefix2} ..., daemons: the client's threads
	 * never keep the JVM alive.
	 */
	static ThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

}
