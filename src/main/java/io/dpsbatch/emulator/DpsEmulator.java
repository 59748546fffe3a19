package io.dpsbatch.emulator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * An embedded Azure IoT Hub Device Provisioning Service for symmetric-key enrollments:
 * the device API over HTTPS on 127.0.0.1, with DPS's checks (SAS signatures against its
 * enrollments' keys, registration ID rules, quota, per-device poll limit), asynchronous
 * assignment over several hubs, and faults injected on command. It serves one instance
 * with one enrollment group by default, and more groups, individual enrollments and
 * instances (ID scopes) with {@code emulator.enrollments} ({@link EmulatedInstances}).
 * Operators rehearse a batch against it; tests break the pipeline with it.
 * <p>
 * The server ({@link EmulatorServer}, Jetty) speaks TLS 1.2/1.3 only, with a certificate
 * from the emulator's own CA (see {@link #trustStore()}). Handlers never block (slow
 * answers are scheduled, not slept), so a small pool serves many keep-alive connections:
 * idle connections wait in the server's selector, not on a thread.
 * <p>
 * Registrations are in memory and end with {@link #close()}; keys and TLS material are
 * kept in the state directory and reused on the next start.
 */
public final class DpsEmulator implements AutoCloseable {

	/**
	 * How often field calls that have become due are made (they are also made before each
	 * register call).
	 */
	private static final long FIELD_LOAD_TICK_MILLIS = 10;

	private static final Logger logger = LoggerFactory.getLogger(DpsEmulator.class);

	private final EmulatorServer server;

	private final ScheduledThreadPoolExecutor timer;

	private final URI endpoint;

	private final String idScope;

	private final EnrollmentGroupKeys keys;

	private final EmulatorTls tls;

	private final EmulatorCounters counters;

	private final EmulatedInstances instances;

	private final FaultControl faults;

	private final AtomicBoolean closed = new AtomicBoolean();

	private boolean suspended;

	private DpsEmulator(EmulatorServer server, ScheduledThreadPoolExecutor timer, URI endpoint, String idScope,
			EnrollmentGroupKeys keys, EmulatorTls tls, EmulatorCounters counters, EmulatedInstances instances,
			FaultControl faults) {
		this.server = server;
		this.timer = timer;
		this.endpoint = endpoint;
		this.idScope = idScope;
		this.keys = keys;
		this.tls = tls;
		this.counters = counters;
		this.instances = instances;
		this.faults = faults;
	}

	/**
	 * Starts an emulator on {@code 127.0.0.1:<port>} (0 = a free port).
	 * @throws UncheckedIOException when the port cannot be bound or the state directory
	 * is not usable
	 * @throws io.dpsbatch.keys.InvalidKeyException when a configured group key is not a
	 * DPS key
	 * @throws io.dpsbatch.keys.KeysFileException when an individual keys file is not
	 * usable
	 */
	public static DpsEmulator start(EmulatorProperties properties, Clock clock) {
		Objects.requireNonNull(properties, "properties");
		StateDirectory state = StateDirectory.open(properties.stateDir());
		record Secrets(EnrollmentGroupKeys keys, EmulatorTls tls) {
		}
		Secrets secrets = state.exclusively(() -> new Secrets(EnrollmentGroupKeys.loadOrCreate(properties, state),
				EmulatorTls.loadOrCreate(state, clock.instant(), EmulatedInstances.serviceHostNames(properties))));
		EnrollmentGroupKeys keys = secrets.keys();
		EmulatorTls tls = secrets.tls();

		AssignmentPolicy policy = new AssignmentPolicy(properties.hubs(), new IdPatterns(properties.disabledIds()),
				new IdPatterns(properties.failingIds()), properties.customAllocation());
		// before anything that needs stopping: a keys file refused here leaves nothing
		// running
		EmulatedInstances instances = state
			.exclusively(() -> EmulatedInstances.create(properties, keys, state, policy, clock, System::nanoTime));

		CustomizableThreadFactory timerThreads = new CustomizableThreadFactory("dps-emulator-timer-");
		timerThreads.setDaemon(true);
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, timerThreads);
		timer.setRemoveOnCancelPolicy(true);

		EmulatorCounters counters = new EmulatorCounters();
		FieldLoad fieldLoad = new FieldLoad(properties.fieldLoad(), instances.defaultInstance().quota(), counters,
				System::nanoTime);
		if (!fieldLoad.isNone()) {
			timer.scheduleAtFixedRate(fieldLoad::catchUp, FIELD_LOAD_TICK_MILLIS, FIELD_LOAD_TICK_MILLIS,
					TimeUnit.MILLISECONDS);
		}
		FaultControl faults = new FaultControl(properties.faults());
		// one pipeline for both APIs: the same faults, counts and answers around every
		// request
		RequestPipeline pipeline = new RequestPipeline(counters, new ResponseSender(timer), clock);
		// the handlers need the endpoint (Location headers), which needs the port: bind
		// first, route after
		EmulatorServer server = new EmulatorServer(tls, counters);
		URI endpoint = URI.create("https://localhost:" + startOrStopTimer(server, properties.port(), timer, instances));
		DeviceApiHandler deviceApi = new DeviceApiHandler(
				new DeviceApiHandler.Settings(endpoint, properties.retryAfter(), properties.pollLimitEnabled()),
				new SasVerifier(clock, properties.maxSasTtl()), instances, fieldLoad, faults::injector, counters,
				pipeline, clock);
		DpsEmulator emulator = new DpsEmulator(server, timer, endpoint, properties.idScope(), keys, tls, counters,
				instances, faults);
		ServiceApiHandler serviceApi = new ServiceApiHandler(pipeline, new ServiceSasVerifier(clock), instances,
				faults::injector, counters, clock);
		server.route(deviceApi, serviceApi, new AdminApiHandler(emulator::counts, faults, clock));
		logger.info(
				"DPS emulator listening on {} (ID scope {}, trust store {}, accepting {} group key(s), "
						+ "quota {}/min, assignment delay {})",
				endpoint, properties.idScope(), tls.trustStore(), properties.acceptKeys(),
				properties.registrationsPerMinute(), properties.assignmentDelay());
		if (!fieldLoad.isNone()) {
			logger.info("DPS emulator field load: {} (register calls a minute from the given time on)",
					properties.fieldLoad());
		}
		// ServiceAccess's toString hides the key
		logger.info("DPS emulator service API on {} for {} (operations quota {}/min)", endpoint,
				instances.all().stream().map(EmulatedInstance::service).toList(),
				properties.serviceOperationsPerMinute());
		if (!properties.faults().isNone()) {
			logger.info("DPS emulator faults: {}", properties.faults());
		}
		if (!properties.enrollments().isEmpty()) {
			// EmulatedEnrollment's toString hides the keys
			logger.info("DPS emulator enrollments: {}", instances.enrollments());
		}
		return emulator;
	}

	private static int startOrStopTimer(EmulatorServer server, int port, ScheduledThreadPoolExecutor timer,
			EmulatedInstances instances) {
		try {
			return server.start(port);
		}
		catch (RuntimeException ex) {
			timer.shutdownNow();
			server.stop();
			instances.close();
			throw ex;
		}
	}

	/**
	 * Stops listening and drops every connection, as an unreachable DPS would, but keeps
	 * every device's state, so that {@link #resume()} continues where it left off. For
	 * rehearsing network loss.
	 */
	public synchronized void suspend() {
		if (!this.suspended && !this.closed.get()) {
			this.server.suspend();
			this.suspended = true;
			logger.info("DPS emulator on {} suspended: connections are refused until it resumes", this.endpoint);
		}
	}

	/** Listens again on the same port after {@link #suspend()}, with the state it had. */
	public synchronized void resume() {
		if (this.suspended && !this.closed.get()) {
			this.server.resume();
			this.suspended = false;
			logger.info("DPS emulator on {} resumed", this.endpoint);
		}
	}

	/**
	 * The base URL clients use as {@code dps.global-endpoint}, e.g.
	 * {@code https://localhost:52345}.
	 */
	public URI endpoint() {
		return this.endpoint;
	}

	public String idScope() {
		return this.idScope;
	}

	/**
	 * The enrollment group's primary key, base64. A secret: print it on purpose only,
	 * never log it.
	 */
	public String groupKey() {
		return this.keys.primaryBase64();
	}

	/** The enrollment group's secondary key, base64. A secret like the primary. */
	public String secondaryGroupKey() {
		return this.keys.secondaryBase64();
	}

	/**
	 * A PKCS12 trust store holding only the emulator's CA certificate: what clients pass
	 * as {@code dps.trust-store}.
	 */
	public Path trustStore() {
		return this.tls.trustStore();
	}

	/**
	 * The emulator's CA certificate as PEM, for clients that take PEM (curl
	 * {@code --cacert}, device SDKs).
	 */
	public Path caCertificatePem() {
		return this.tls.caCertificatePem();
	}

	public String trustStorePassword() {
		return this.tls.trustStorePassword();
	}

	public String trustStoreType() {
		return EmulatorTls.TRUST_STORE_TYPE;
	}

	/**
	 * Every enrollment it serves: its default group first (name {@code ""}), then those
	 * of {@code emulator.enrollments} by name, with their ID scopes and keys (group keys
	 * are secrets: print them on purpose only) or keys files.
	 */
	public List<EmulatedEnrollment> enrollments() {
		return this.instances.enrollments();
	}

	/**
	 * The service API's connection string of each instance, by ID scope, default instance
	 * first: {@code HostName=<id scope>.dps-emulator.localhost;SharedAccessKeyName=
	 * provisioningserviceowner;SharedAccessKey=<key>}. The service API is at
	 * {@link #endpoint()}; a client signs its tokens for {@code HostName} and connects to
	 * the endpoint (or resolves the host name to 127.0.0.1 at the endpoint's port). A
	 * secret: print it on purpose only, never log it.
	 */
	public Map<String, String> serviceConnectionStrings() {
		Map<String, String> strings = new LinkedHashMap<>();
		for (EmulatedInstance instance : this.instances.all()) {
			strings.put(instance.idScope(), instance.service().connectionString());
		}
		return strings;
	}

	/** What the emulator has seen so far. */
	public EmulatorCounts counts() {
		return this.counters.snapshot(this.instances.all());
	}

	/**
	 * Changes fault injection from the next request on (the admin API's
	 * {@code PUT /_emulator/faults} does the same).
	 */
	public void faults(FaultSettings faults) {
		this.faults.apply(Objects.requireNonNull(faults, "faults"));
	}

	/**
	 * Stops listening and closes every connection; answers still held back by a slow
	 * fault are not sent.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		synchronized (this) {
			this.server.stop();
		}
		this.timer.shutdownNow();
		this.instances.close();
		logger.info("DPS emulator on {} stopped", this.endpoint);
	}

	@Override
	public String toString() {
		return "DpsEmulator[endpoint=" + this.endpoint + ", idScope=" + this.idScope + "]";
	}

}
