package io.dpsbatch.emulator;

import java.io.IOException;

/**
 * One request to the emulator and the means to answer it, whatever server carries it.
 * Paths and queries are raw (still percent-encoded), so that the handlers see what the
 * client sent.
 */
interface EmulatorExchange {

	String method();

	String rawPath();

	/** The raw query, {@code null} when there is none. */
	String rawQuery();

	/**
	 * The first value of a request header (names are case-insensitive), {@code null} when
	 * absent.
	 */
	String header(String name);

	/**
	 * The request body, at most {@code limit + 1} bytes (to tell an oversized one), read
	 * to its end in any case so that the connection stays usable.
	 */
	byte[] body(int limit) throws IOException;

	/** Writes the answer; may be called from any thread, once. */
	void send(EmulatorResponse response);

	/**
	 * Closes the connection without an answer, as a load balancer or the network dropping
	 * it would.
	 */
	void drop();

	/** Handles exchanges. */
	@FunctionalInterface
	interface Handler {

		void handle(EmulatorExchange exchange);

	}

}
