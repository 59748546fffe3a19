package io.dpsbatch.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes answers. A delayed answer (slow fault) is handed to a timer and written later by a worker, so
 * no worker thread sits idle while a response is held back: an emulator slowed down on purpose keeps
 * serving everything else at full speed.
 */
final class ResponseSender {

	private static final Logger logger = LoggerFactory.getLogger(ResponseSender.class);

	private final Executor workers;

	private final ScheduledExecutorService timer;

	ResponseSender(Executor workers, ScheduledExecutorService timer) {
		this.workers = workers;
		this.timer = timer;
	}

	void send(HttpExchange exchange, EmulatorResponse response, Duration delay) {
		if (delay.isZero()) {
			write(exchange, response);
			return;
		}
		try {
			this.timer.schedule(() -> this.workers.execute(() -> write(exchange, response)), delay.toNanos(),
					TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the emulator is stopping: the connection is closed with it
			exchange.close();
		}
	}

	/**
	 * Closes the connection without an answer. An exchange closed before its response headers were sent
	 * closes its connection (com.sun.net.httpserver's ExchangeImpl), so the client reads end-of-stream
	 * where it expects a status line: what it sees when a load balancer or the network drops a request.
	 */
	void dropConnection(HttpExchange exchange) {
		exchange.close();
	}

	void write(HttpExchange exchange, EmulatorResponse response) {
		try (exchange) {
			Headers headers = exchange.getResponseHeaders();
			if (response.body().length > 0) {
				headers.set("Content-Type", "application/json; charset=utf-8");
			}
			for (EmulatorResponse.Header header : response.headers()) {
				headers.add(header.name(), header.value());
			}
			exchange.sendResponseHeaders(response.status(), (response.body().length > 0) ? response.body().length : -1);
			if (response.body().length > 0) {
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(response.body());
				}
			}
		}
		catch (IOException ex) {
			// the client went away; nothing to answer to
			logger.debug("Could not send a {} response: {}", response.status(), ex.toString());
		}
	}

}
