package io.dpsbatch.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The emulator's HTTPS server on 127.0.0.1: Jetty, HTTP/1.1 over TLS 1.2 with the
 * emulator's certificate ("Currently, DPS only supports TLS 1.2":
 * learn.microsoft.com/azure/iot-dps/tls-support, so a client that insists on TLS 1.3
 * fails here as it would there). Jetty writes header names as they are given ({@code
 * Retry-After}, {@code x-ms-request-id}, {@code Content-Type}, as DPS spells them,
 * docs/dps.md#request-headers-and-body) and status lines with their reason phrase
 * ({@code HTTP/1.1 429 Too Many
 * Requests}); the JDK's server, used before, capitalised only the first letter of every
 * header name and sent no reason phrase for 429.
 * <p>
 * Requests under {@code /_emulator} go to the admin API, those whose path begins with a
 * service API collection ({@link ServiceRoute#claims}) to the service API, all others to
 * the device API. Answers are written asynchronously, so a held-back (slow) answer
 * occupies no thread. {@link #suspend()} closes the listening socket and every
 * connection; {@link #resume()} listens again on the same port.
 */
final class EmulatorServer {

	private static final String ADMIN_PREFIX = AdminApiHandler.CONTEXT + "/";

	/**
	 * Idle keep-alive connections are kept this long, longer than any Retry-After a
	 * client waits for.
	 */
	private static final long IDLE_TIMEOUT_MILLIS = 120_000;

	private final Server server;

	private final SslContextFactory.Server tls;

	private final HttpConfiguration http;

	private ServerConnector connector;

	private int port;

	private volatile EmulatorExchange.Handler deviceApi = EmulatorServer::notReady;

	private volatile EmulatorExchange.Handler serviceApi = EmulatorServer::notReady;

	private volatile EmulatorExchange.Handler adminApi = EmulatorServer::notReady;

	/**
	 * Told of every TLS connection accepted (each costs its client a handshake) and of
	 * its close.
	 */
	private final EmulatorCounters counters;

	EmulatorServer(EmulatorTls tls, EmulatorCounters counters) {
		this.counters = counters;
		QueuedThreadPool threads = new QueuedThreadPool(Math.max(32, 16 * Runtime.getRuntime().availableProcessors()));
		threads.setName("dps-emulator");
		threads.setDaemon(true);
		this.server = new Server(threads);
		this.server.setStopAtShutdown(false);
		this.tls = new SslContextFactory.Server();
		this.tls.setSslContext(tls.serverContext());
		this.tls.setIncludeProtocols("TLSv1.2");
		this.http = new HttpConfiguration();
		this.http.setSendServerVersion(false);
		this.http.setSendXPoweredBy(false);
		// the device API judges paths itself (an encoded slash in a registration ID is
		// DPS's 400004, not Jetty's 400)
		this.http.setUriCompliance(UriCompliance.UNSAFE);
		this.server.setHandler(new Handler.Abstract() {

			@Override
			public boolean handle(Request request, Response response, Callback callback) {
				JettyExchange exchange = new JettyExchange(request, response, callback);
				handlerFor(exchange.rawPath()).handle(exchange);
				return true;
			}

		});
	}

	/**
	 * Where requests go from now on. The handlers need the endpoint, which needs the
	 * port, so they come after {@link #start(int)}; until then (when no client knows the
	 * port yet) requests get 503.
	 */
	void route(EmulatorExchange.Handler deviceApi, EmulatorExchange.Handler serviceApi,
			EmulatorExchange.Handler adminApi) {
		this.deviceApi = deviceApi;
		this.serviceApi = serviceApi;
		this.adminApi = adminApi;
	}

	private EmulatorExchange.Handler handlerFor(String rawPath) {
		if (rawPath.startsWith(ADMIN_PREFIX)) {
			return this.adminApi;
		}
		return ServiceRoute.claims(rawPath) ? this.serviceApi : this.deviceApi;
	}

	private static void notReady(EmulatorExchange exchange) {
		exchange.send(EmulatorResponse.error(DpsError.SERVICE_UNAVAILABLE, java.time.Instant.now()));
	}

	/** Starts listening on {@code 127.0.0.1:port} (0 = a free port); returns the port. */
	synchronized int start(int port) {
		try {
			this.connector = newConnector(port);
			this.server.addConnector(this.connector);
			if (!this.server.isStarted()) {
				this.server.start();
			}
			else {
				this.connector.start();
			}
			this.port = this.connector.getLocalPort();
			return this.port;
		}
		catch (Exception ex) {
			throw new UncheckedIOException("the DPS emulator cannot listen on 127.0.0.1:" + port,
					(ex instanceof IOException io) ? io : new IOException(ex));
		}
	}

	private ServerConnector newConnector(int port) {
		ServerConnector connector = new ServerConnector(this.server, new SslConnectionFactory(this.tls, "http/1.1"),
				new HttpConnectionFactory(this.http));
		connector.setHost("127.0.0.1");
		connector.setPort(port);
		connector.setAcceptQueueSize(1024);
		connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
		connector.addEventListener(new Connection.Listener() {

			@Override
			public void onOpened(Connection connection) {
				if (connection instanceof SslConnection) {
					EmulatorServer.this.counters.connectionOpened();
				}
			}

			@Override
			public void onClosed(Connection connection) {
				if (connection instanceof SslConnection) {
					EmulatorServer.this.counters.connectionClosed();
				}
			}

		});
		return connector;
	}

	/**
	 * Closes the listening socket and every open connection; the server keeps its state.
	 */
	synchronized void suspend() {
		if (this.connector != null) {
			try {
				this.connector.stop();
			}
			catch (Exception ex) {
				throw new IllegalStateException("the DPS emulator could not stop listening", ex);
			}
			this.server.removeConnector(this.connector);
			this.connector = null;
		}
	}

	/** Listens again on the port it had. */
	synchronized void resume() {
		if (this.connector == null) {
			start(this.port);
		}
	}

	synchronized void stop() {
		try {
			this.server.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException("the DPS emulator did not stop cleanly", ex);
		}
	}

	/** A Jetty request and response as an {@link EmulatorExchange}. */
	private record JettyExchange(Request request, Response response, Callback callback) implements EmulatorExchange {

		@Override
		public String method() {
			return this.request.getMethod();
		}

		@Override
		public String rawPath() {
			return this.request.getHttpURI().getPath();
		}

		@Override
		public String rawQuery() {
			return this.request.getHttpURI().getQuery();
		}

		@Override
		public String header(String name) {
			return this.request.getHeaders().get(name);
		}

		@Override
		public byte[] body(int limit) throws IOException {
			try (InputStream in = Content.Source.asInputStream(this.request)) {
				byte[] body = in.readNBytes(limit + 1);
				in.transferTo(OutputStream.nullOutputStream());
				return body;
			}
		}

		@Override
		public void send(EmulatorResponse answer) {
			this.response.setStatus(answer.status());
			if (answer.body().length > 0) {
				this.response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
			}
			for (EmulatorResponse.Header header : answer.headers()) {
				this.response.getHeaders().add(header.name(), header.value());
			}
			// as in DPS's documented answers (docs/dps.md#registration)
			this.response.getHeaders().put(HttpHeader.STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
			this.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
			this.response.write(true, ByteBuffer.wrap(answer.body()), this.callback);
		}

		@Override
		public void drop() {
			this.request.getConnectionMetaData().getConnection().getEndPoint().close();
			this.callback.failed(new EofException("connection dropped (injected fault)"));
		}

	}

}
