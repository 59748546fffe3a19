package io.dpsbatch.emulator;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the device API and the service API do with every request around their own answer:
 * the drawn fault (a dropped connection before anything, an injected error instead of the
 * answer, a drop after acting that computes the answer, so carrying the request out, and
 * then closes the connection without it, a delay), the counts by status, DPS's
 * {@code x-ms-request-id}, and a 500 for a failure of the emulator itself.
 */
final class RequestPipeline {

	/** DPS's maximum message size (docs/dps.md#quotas-and-throttling). */
	static final int MAX_BODY_BYTES = 96 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(RequestPipeline.class);

	private final EmulatorCounters counters;

	private final ResponseSender sender;

	private final Clock clock;

	RequestPipeline(EmulatorCounters counters, ResponseSender sender, Clock clock) {
		this.counters = counters;
		this.sender = sender;
		this.clock = clock;
	}

	/**
	 * Answers {@code exchange} with what {@code answer} makes of its body, unless
	 * {@code fault} decides otherwise.
	 */
	void serve(EmulatorExchange exchange, FaultInjector.Fault fault, Function<byte[], EmulatorResponse> answer) {
		try {
			if (fault.injected()) {
				this.counters.injectedFaults.increment();
			}
			if (fault.kind() == FaultInjector.Kind.DROP_CONNECTION) {
				exchange.drop();
				return;
			}
			// read before answering, whatever the answer, so that the connection stays
			// usable for the next request
			byte[] body = exchange.body(MAX_BODY_BYTES);
			EmulatorResponse response = fault.errorResponse(this.clock.instant());
			if (response == null) {
				response = answer.apply(body);
			}
			if (fault.kind() == FaultInjector.Kind.DROP_AFTER_ACTING) {
				// the request was carried out: only its answer is lost
				exchange.drop();
				return;
			}
			this.counters.answered(response.status());
			this.sender.send(exchange, response.withHeader("x-ms-request-id", newRequestId()), fault.delay());
		}
		catch (IOException ex) {
			logger.debug("Could not read a request: {}", ex.toString());
			exchange.drop();
		}
		catch (RuntimeException ex) {
			logger.warn("The emulator failed to handle {} {}", exchange.method(), exchange.rawPath(), ex);
			exchange.send(EmulatorResponse.error(DpsError.INTERNAL_ERROR, this.clock.instant()));
		}
	}

	private static String newRequestId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return DeviceRegistry.uuid(random.nextLong(), random.nextLong());
	}

}
