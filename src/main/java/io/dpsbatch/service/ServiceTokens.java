package io.dpsbatch.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.dpsbatch.keys.SasToken;
import io.dpsbatch.keys.ServiceConnectionString;

/**
 * The SAS token the calls of one client send: valid for {@code dps.sas-token-ttl} (an
 * hour by default, as the service SDKs sign), signed again once less than a quarter of
 * that is left, so that no request leaves with a token about to expire. Only the header
 * value leaves this class, and only into the {@code Authorization} header.
 */
final class ServiceTokens {

	private final ServiceConnectionString connectionString;

	private final Duration ttl;

	private final Clock clock;

	private SasToken token;

	ServiceTokens(ServiceConnectionString connectionString, Duration ttl, Clock clock) {
		this.connectionString = connectionString;
		this.ttl = ttl;
		this.clock = clock;
	}

	synchronized String authorization() {
		Instant now = this.clock.instant();
		if (this.token == null || now.plus(this.ttl.dividedBy(4)).isAfter(this.token.expiresAt())) {
			this.token = this.connectionString.sign(now.plus(this.ttl));
		}
		return this.token.headerValue();
	}

}
