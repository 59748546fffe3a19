package io.dpsbatch.service;

import java.util.Map;

/**
 * One call of the service API and what may be done with it.
 *
 * @param method the HTTP method
 * @param path the path below the endpoint, its segments encoded
 * @param body the JSON body, or {@code null}
 * @param headers headers of this call ({@code If-Match}, the paging ones)
 * @param repeatable whether sending it again leaves DPS as one send would, so that it may
 * be repeated when its answer was lost or was a 5xx
 * @param changes whether it changes something in DPS
 * @param notFoundAnswers whether a 404 is an answer (nothing there) rather than a failure
 */
record ServiceRequest(String method, String path, String body, Map<String, String> headers, boolean repeatable,
		boolean changes, boolean notFoundAnswers) {

	/** A read: repeatable, changes nothing. */
	static ServiceRequest read(String method, String path, String body, Map<String, String> headers,
			boolean notFoundAnswers) {
		return new ServiceRequest(method, path, body, headers, true, false, notFoundAnswers);
	}

	/** A change. */
	static ServiceRequest change(String method, String path, String body, Map<String, String> headers,
			boolean repeatable, boolean notFoundAnswers) {
		return new ServiceRequest(method, path, body, headers, repeatable, true, notFoundAnswers);
	}

	/** The call as messages name it: method and path, never a token. */
	String describe() {
		return this.method + " " + this.path;
	}

}
