package io.dpsbatch.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An answer, fully built before anything is sent, so that it can be sent at once or held
 * back (slow fault) by another thread.
 *
 * @param status HTTP status
 * @param headers extra headers, name and value
 * @param body the body, empty for none
 */
record EmulatorResponse(int status, List<Header> headers, byte[] body) {

	record Header(String name, String value) {

	}

	static EmulatorResponse json(int status, Object body) {
		return new EmulatorResponse(status, List.of(), EmulatorJson.MAPPER.writeValueAsBytes(body));
	}

	/** A DPS error body, with {@code x-ms-error-code} as DPS sends it. */
	static EmulatorResponse error(DpsError error, String message, Instant now) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String trackingId = DeviceRegistry.uuid(random.nextLong(), random.nextLong());
		EmulatorJson.ErrorDetails details = new EmulatorJson.ErrorDetails(error.errorCode(), trackingId,
				(message != null) ? message : error.message(), EmulatorJson.timestamp(now));
		return json(error.httpStatus(), details).withHeader("x-ms-error-code", Integer.toString(error.errorCode()));
	}

	static EmulatorResponse error(DpsError error, Instant now) {
		return error(error, null, now);
	}

	EmulatorResponse withHeader(String name, String value) {
		List<Header> headers = new ArrayList<>(this.headers);
		headers.add(new Header(name, value));
		return new EmulatorResponse(this.status, List.copyOf(headers), this.body);
	}

	EmulatorResponse withRetryAfter(long seconds) {
		return withHeader("Retry-After", Long.toString(seconds));
	}

	/** A wait as a {@code Retry-After} value: whole seconds, rounded up, at least 1. */
	static long retryAfterSeconds(long waitNanos) {
		return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
	}

}
