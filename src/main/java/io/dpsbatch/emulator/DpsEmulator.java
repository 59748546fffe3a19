package io.dpsbatch.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Azure IoT Hub Device Provisioning Service for symmetric-key group enrollments: the device
 * API over HTTPS on 127.0.0.1, with DPS's checks (SAS signatures against its group keys, registration ID
 * rules, quota, per-device poll limit), asynchronous assignment over several hubs, and faults injected on
 * command. Operators rehearse a batch against it; tests break the pipeline with it.
 * <p>
 * The server is the JDK's {@link HttpsServer}, TLS 1.2/1.3 only, with a certificate from the emulator's
 * own CA (see {@link #trustStore()}). Handlers never block (slow answers are scheduled, not slept), so a
 * small worker pool serves many keep-alive connections: idle connections wait in the server's selector,
 * not on a thread.
 * <p>
 * Registrations are in memory and end with {@link #close()}; keys and TLS material are kept in the state
 * directory and reused on the next start.
 */
public final class DpsEmulator implements AutoCloseable {

	/**
	 * Settings of the JDK's server, read once when it is first used in the JVM (an operator's own
	 * {@code -D} wins). Without TCP_NODELAY every answer waits for the client's delayed ACK (about 40 ms on
	 * Linux) because the server writes headers and body separately: 25 answers a second per connection.
	 * Beyond 200 idle keep-alive connections it closes them, and a batch with a few hundred connections
	 * would pay a TLS handshake again and again.
	 */
	private static final Map<String, String> JDK_SERVER_SETTINGS = Map.of("sun.net.httpserver.nodelay", "true",
			"sun.net.httpserver.maxIdleConnections", "1000");

	private static final int BACKLOG = 1024;

	private static final Logger logger = LoggerFactory.getLogger(DpsEmulator.class);

	private HttpsServer server;

	private HttpHandler deviceApi;

	private HttpHandler adminApi;

	private final ExecutorService workers;

	private final ScheduledThreadPoolExecutor timer;

	private final URI endpoint;

	private final String idScope;

	private final EnrollmentGroupKeys keys;

	private final EmulatorTls tls;

	private final EmulatorCounters counters;

	private final DeviceRegistry registry;

	private final FaultControl faults;

	private final AtomicBoolean closed = new AtomicBoolean();

	private DpsEmulator(ExecutorService workers, ScheduledThreadPoolExecutor timer, URI endpoint,
			String idScope, EnrollmentGroupKeys keys, EmulatorTls tls, EmulatorCounters counters,
			DeviceRegistry registry, FaultControl faults) {
		this.workers = workers;
		this.timer = timer;
		this.endpoint = endpoint;
		this.idScope = idScope;
		this.keys = keys;
		this.tls = tls;
		this.counters = counters;
		this.registry = registry;
		this.faults = faults;
	}

	/**
	 * Starts an emulator on {@code 127.0.0.1:<port>} (0 = a free port).
	 * @throws UncheckedIOException when the port cannot be bound or the state directory is not usable
	 * @throws io.dpsbatch.keys.InvalidKeyException when a configured group key is not a DPS key
	 */
	public static DpsEmulator start(EmulatorProperties properties) {
		Objects.requireNonNull(properties, "properties");
		Clock clock = Clock.systemUTC();
		StateDirectory state = StateDirectory.open(properties.stateDir());
		record Secrets(EnrollmentGroupKeys keys, EmulatorTls tls) {
		}
		Secrets secrets = state.exclusively(() -> new Secrets(EnrollmentGroupKeys.loadOrCreate(properties, state),
				EmulatorTls.loadOrCreate(state, clock.instant())));
		EnrollmentGroupKeys keys = secrets.keys();
		EmulatorTls tls = secrets.tls();

		JDK_SERVER_SETTINGS.forEach((name, value) -> {
			if (System.getProperty(name) == null) {
				System.setProperty(name, value);
			}
		});
		EmulatorCounters counters = new EmulatorCounters();
		HttpsServer server = bind(properties.port(), tls, counters);
		URI endpoint = URI.create("https://localhost:" + server.getAddress().getPort());
		ExecutorService workers = newWorkers();
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonThreads("dps-emulator-timer"));
		timer.setRemoveOnCancelPolicy(true);

		AssignmentPolicy policy = new AssignmentPolicy(properties.hubs(), new IdPatterns(properties.disabledIds()),
				new IdPatterns(properties.failingIds()));
		DeviceRegistry registry = new DeviceRegistry(policy, properties.assignmentDelay(), clock, System::nanoTime);
		FaultControl faults = new FaultControl(properties.faults());
		ResponseSender sender = new ResponseSender(workers, timer);
		DeviceApiHandler deviceApi = new DeviceApiHandler(
				new DeviceApiHandler.Settings(properties.idScope(), endpoint, properties.retryAfter(),
						properties.pollLimitEnabled()),
				new SasVerifier(keys.accepted(), clock, properties.maxSasTtl()), registry,
				new RegistrationQuota(properties.registrationsPerMinute(), System::nanoTime), faults::injector,
				counters, sender, clock);
		DpsEmulator emulator = new DpsEmulator(workers, timer, endpoint, properties.idScope(), keys, tls,
				counters, registry, faults);
		emulator.deviceApi = deviceApi;
		emulator.adminApi = new AdminApiHandler(emulator::counts, faults, sender, clock);
		emulator.serve(server);
		logger.info("DPS emulator listening on {} (ID scope {}, trust store {}, accepting {} group key(s), "
				+ "quota {}/min, assignment delay {})", endpoint, properties.idScope(), tls.trustStore(),
				properties.acceptKeys(), properties.registrationsPerMinute(), properties.assignmentDelay());
		if (!properties.faults().isNone()) {
			logger.info("DPS emulator faults: {}", properties.faults());
		}
		return emulator;
	}

	private void serve(HttpsServer server) {
		server.createContext("/", this.deviceApi);
		server.createContext(AdminApiHandler.CONTEXT, this.adminApi);
		server.setExecutor(this.workers);
		server.start();
		this.server = server;
	}

	/**
	 * Stops listening and drops every connection, as an unreachable DPS would, but keeps every device's
	 * state, so that {@link #resume()} continues where it left off. For rehearsing network loss.
	 */
	public synchronized void suspend() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
			logger.info("DPS emulator on {} suspended: connections are refused until it resumes", this.endpoint);
		}
	}

	/** Listens again on the same port after {@link #suspend()}, with the state it had. */
	public synchronized void resume() {
		if (this.server == null && !this.closed.get()) {
			serve(bind(this.endpoint.getPort(), this.tls, this.counters));
			logger.info("DPS emulator on {} resumed", this.endpoint);
		}
	}

	private static HttpsServer bind(int port, EmulatorTls tls, EmulatorCounters counters) {
		try {
			InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 });
			HttpsServer server = HttpsServer.create(new InetSocketAddress(loopback, port), BACKLOG);
			server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()) {

				// the JDK's server calls this once for every connection it accepts (sun.net.httpserver.SSLStreams)
				@Override
				public void configure(HttpsParameters parameters) {
					counters.connections.increment();
					SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
					ssl.setProtocols(new String[] { "TLSv1.3", "TLSv1.2" });
					parameters.setSSLParameters(ssl);
				}

			});
			return server;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the DPS emulator cannot listen on 127.0.0.1:" + port, ex);
		}
	}

	/**
	 * Workers run the whole of a request: TLS, reading, checks, answer. None of it waits on anything but
	 * the loopback socket, so a few threads per core keep both cores busy; the queue absorbs bursts from
	 * hundreds of connections instead of refusing them.
	 */
	private static ExecutorService newWorkers() {
		int threads = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
		ThreadPoolExecutor workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), daemonThreads("dps-emulator"));
		workers.allowCoreThreadTimeOut(true);
		return workers;
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger number = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + "-" + number.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/** The base URL clients use as {@code dps.global-endpoint}, e.g. {@code https://localhost:52345}. */
	public URI endpoint() {
		return this.endpoint;
	}

	public String idScope() {
		return this.idScope;
	}

	/** The enrollment group's primary key, base64. A secret: print it on purpose only, never log it. */
	public String groupKey() {
		return this.keys.primaryBase64();
	}

	/** The enrollment group's secondary key, base64. A secret like the primary. */
	public String secondaryGroupKey() {
		return this.keys.secondaryBase64();
	}

	/** A PKCS12 trust store holding only the emulator's CA certificate: what clients pass as {@code dps.trust-store}. */
	public Path trustStore() {
		return this.tls.trustStore();
	}

	public String trustStorePassword() {
		return this.tls.trustStorePassword();
	}

	public String trustStoreType() {
		return EmulatorTls.TRUST_STORE_TYPE;
	}

	/** What the emulator has seen so far. */
	public EmulatorCounts counts() {
		return this.counters.snapshot(this.registry.snapshot());
	}

	/** Changes fault injection from the next request on (the admin API's {@code PUT /_emulator/faults} does the same). */
	public void faults(FaultSettings faults) {
		this.faults.apply(Objects.requireNonNull(faults, "faults"));
	}

	/** Stops listening and closes every connection; answers still held back by a slow fault are not sent. */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		synchronized (this) {
			if (this.server != null) {
				this.server.stop(0);
			}
		}
		this.timer.shutdownNow();
		this.workers.shutdownNow();
		logger.info("DPS emulator on {} stopped", this.endpoint);
	}

	@Override
	public String toString() {
		return "DpsEmulator[endpoint=" + this.endpoint + ", idScope=" + this.idScope + "]";
	}

}
