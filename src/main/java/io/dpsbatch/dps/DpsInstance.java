package io.dpsbatch.dps;

import java.net.URI;

/**
 * One DPS instance (ID scope) that devices of the run register with: its URLs, and its
 * own pace of register calls, since DPS counts its registration quota per instance
 * (about-iot-dps#quotas-and-limits), so a 429 from one instance says nothing of another's
 * room.
 *
 * @param key {@link io.dpsbatch.enrollment.Enrollment#instance()}, {@code host/idscope}
 * in lower case
 * @param uris its device calls' URLs
 * @param pacer its register calls' pace, with its own reaction to 429s
 * @param endpointHost host[:port] of its endpoint, for messages
 * @param statistics what was sent to it and what it answered (a part of the run's)
 */
record DpsInstance(String key, DpsUris uris, Pacer pacer, String endpointHost, StatisticsCounters statistics) {

	DpsRequest register(String registrationId, String body) {
		return new DpsRequest(DpsCall.REGISTER, this.uris.register(registrationId), body, this.uris.idScope());
	}

	DpsRequest operation(String registrationId, String operationId) {
		return new DpsRequest(DpsCall.POLL, this.uris.operation(registrationId, operationId), null,
				this.uris.idScope());
	}

	DpsRequest lookup(String registrationId, String body) {
		return new DpsRequest(DpsCall.LOOKUP, this.uris.lookup(registrationId), body, this.uris.idScope());
	}

	static String hostOf(URI endpoint) {
		return endpoint.getHost() + ((endpoint.getPort() != -1) ? ":" + endpoint.getPort() : "");
	}

}
