package io.dpsbatch.emulator;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends answers, at once or held back (slow fault). A held-back answer is handed to a
 * timer, and the server writes it asynchronously, so no thread sits idle while a response
 * is held back: an emulator slowed down on purpose keeps serving everything else at full
 * speed.
 */
final class ResponseSender {

	private final ScheduledExecutorService timer;

	ResponseSender(ScheduledExecutorService timer) {
		this.timer = timer;
	}

	void send(EmulatorExchange exchange, EmulatorResponse response, Duration delay) {
		if (delay.isZero()) {
			exchange.send(response);
			return;
		}
		try {
			this.timer.schedule(() -> exchange.send(response), delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the emulator is stopping: the connection is closed with it
			exchange.drop();
		}
	}

}
