package io.dpsbatch.emulator;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Faults the emulator injects into DPS requests (never into its {@code /_emulator} admin
 * API), so that operators can rehearse a bad day and tests can break the pipeline on
 * purpose. Each request draws once for an error fault (the five error rates are
 * cumulative probabilities, at most 1 in total) and once, independently, for a slow
 * response. The draws are reproducible: for a given seed the n-th request after the
 * settings were applied always gets the same faults.
 *
 * @param throttleRate share of requests answered 429 with {@code Retry-After: 1}
 * @param internalErrorRate share of requests answered 500
 * @param unavailableRate share of requests answered 503
 * @param dropConnectionRate share of requests whose connection is closed without any
 * response
 * @param expiredTokenRate share of requests whose SAS token is taken as expired: answered
 * 401 errorCode 401002, as DPS answers a token that expired (or was signed by a clock
 * running behind), so the client must sign a new one; the device's next request, with
 * that new token, is never taken as expired too
 * @param slowRate share of requests whose response is delayed by {@code slowDelay}
 * @param slowDelay how long a slow response is held back
 * @param seed seed of the fault draws
 * @param dropAfterActingRate share of requests that are carried out (a registration
 * accepted, an enrollment created or deleted) and whose connection is then closed without
 * the answer: DPS sometimes acts on a request whose answer the client never gets, and a
 * client must find out what happened rather than repeat it blindly
 */
public record FaultSettings(double throttleRate, double internalErrorRate, double unavailableRate,
		double dropConnectionRate, double expiredTokenRate, double slowRate, @DefaultValue("1s") Duration slowDelay,
		long seed, double dropAfterActingRate) {

	static final Duration DEFAULT_SLOW_DELAY = Duration.ofSeconds(1);

	@ConstructorBinding
	public FaultSettings {
		requireRate("throttleRate", throttleRate);
		requireRate("internalErrorRate", internalErrorRate);
		requireRate("unavailableRate", unavailableRate);
		requireRate("dropConnectionRate", dropConnectionRate);
		requireRate("expiredTokenRate", expiredTokenRate);
		requireRate("slowRate", slowRate);
		requireRate("dropAfterActingRate", dropAfterActingRate);
		if (throttleRate + internalErrorRate + unavailableRate + dropConnectionRate + expiredTokenRate
				+ dropAfterActingRate > 1.0 + 1e-9) {
			throw new IllegalArgumentException("the error fault rates (throttle, internal error, unavailable, "
					+ "drop connection, expired token, drop after acting) add up to more than 1");
		}
		slowDelay = (slowDelay != null) ? slowDelay : DEFAULT_SLOW_DELAY;
		if (slowDelay.isNegative()) {
			throw new IllegalArgumentException("slowDelay must not be negative");
		}
	}

	/** Settings without the drop-after-acting fault. */
	public FaultSettings(double throttleRate, double internalErrorRate, double unavailableRate,
			double dropConnectionRate, double expiredTokenRate, double slowRate, Duration slowDelay, long seed) {
		this(throttleRate, internalErrorRate, unavailableRate, dropConnectionRate, expiredTokenRate, slowRate,
				slowDelay, seed, 0);
	}

	/** No faults at all: the emulator behaves like a healthy DPS. */
	public static FaultSettings none() {
		return new FaultSettings(0, 0, 0, 0, 0, 0, DEFAULT_SLOW_DELAY, 0, 0);
	}

	/** Whether no request can get a fault with these settings. */
	boolean isNone() {
		return this.throttleRate == 0 && this.internalErrorRate == 0 && this.unavailableRate == 0
				&& this.dropConnectionRate == 0 && this.expiredTokenRate == 0 && this.slowRate == 0
				&& this.dropAfterActingRate == 0;
	}

	private static void requireRate(String name, double rate) {
		if (!(rate >= 0 && rate <= 1)) {
			throw new IllegalArgumentException(name + " must be between 0 and 1, was " + rate);
		}
	}

}
