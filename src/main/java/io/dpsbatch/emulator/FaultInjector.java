package io.dpsbatch.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Draws the fault of each request from one set of {@link FaultSettings}. The n-th request
 * after the settings took effect uses draws 2n and 2n+1 of
 * {@code new SplittableRandom(seed)}, computed directly from n, so the draws are
 * reproducible and need no lock: concurrent requests only share a counter.
 */
final class FaultInjector {

	/**
	 * SplittableRandom's default gamma: seeding with seed + k * GAMMA starts at its k-th
	 * output.
	 */
	private static final long GAMMA = 0x9e3779b97f4a7c15L;

	private static final Fault NO_FAULT = new Fault(Kind.NONE, Duration.ZERO);

	private final FaultSettings settings;

	private final AtomicLong requests = new AtomicLong();

	/** Devices whose last request had its token taken as expired. */
	private final Set<String> expiredLastTime = ConcurrentHashMap.newKeySet();

	FaultInjector(FaultSettings settings) {
		this.settings = settings;
	}

	FaultSettings settings() {
		return this.settings;
	}

	/**
	 * The fault of the next request of a device. A token taken as expired is a token the
	 * device signed too long ago: the newly signed one it sends next is not expired, so
	 * that request is spared this fault.
	 */
	Fault next(String registrationId) {
		Fault fault = next();
		if (registrationId == null) {
			return fault;
		}
		String device = registrationId.toLowerCase(Locale.ROOT);
		boolean expiredLastTime = this.expiredLastTime.remove(device);
		if (fault.kind() != Kind.EXPIRED_TOKEN) {
			return fault;
		}
		if (expiredLastTime) {
			return fault.delay().isZero() ? NO_FAULT : new Fault(Kind.NONE, fault.delay());
		}
		this.expiredLastTime.add(device);
		return fault;
	}

	Fault next() {
		if (this.settings.isNone()) {
			return NO_FAULT;
		}
		long n = this.requests.getAndIncrement();
		SplittableRandom random = new SplittableRandom(this.settings.seed() + 2 * n * GAMMA);
		double error = random.nextDouble();
		boolean slow = random.nextDouble() < this.settings.slowRate();
		Kind kind = errorFor(error);
		Duration delay = slow ? this.settings.slowDelay() : Duration.ZERO;
		return (kind == Kind.NONE && !slow) ? NO_FAULT : new Fault(kind, delay);
	}

	private Kind errorFor(double draw) {
		double threshold = this.settings.dropConnectionRate();
		if (draw < threshold) {
			return Kind.DROP_CONNECTION;
		}
		threshold += this.settings.throttleRate();
		if (draw < threshold) {
			return Kind.THROTTLE;
		}
		threshold += this.settings.internalErrorRate();
		if (draw < threshold) {
			return Kind.INTERNAL_ERROR;
		}
		threshold += this.settings.unavailableRate();
		if (draw < threshold) {
			return Kind.UNAVAILABLE;
		}
		threshold += this.settings.expiredTokenRate();
		if (draw < threshold) {
			return Kind.EXPIRED_TOKEN;
		}
		threshold += this.settings.dropAfterActingRate();
		if (draw < threshold) {
			return Kind.DROP_AFTER_ACTING;
		}
		return Kind.NONE;
	}

	enum Kind {

		NONE, THROTTLE, INTERNAL_ERROR, UNAVAILABLE, DROP_CONNECTION, EXPIRED_TOKEN,

		/** The request is carried out, then its connection closed without the answer. */
		DROP_AFTER_ACTING

	}

	/**
	 * The fault of one request.
	 *
	 * @param kind the error, if any
	 * @param delay how long the answer is held back (zero when not slow)
	 */
	record Fault(Kind kind, Duration delay) {

		boolean injected() {
			return this.kind != Kind.NONE || !this.delay.isZero();
		}

		/**
		 * The answer of an injected error, {@code null} when the fault is no error answer
		 * (none, a delay, or a dropped connection).
		 */
		EmulatorResponse errorResponse(Instant now) {
			return switch (this.kind) {
				case THROTTLE ->
					EmulatorResponse.error(DpsError.THROTTLED, "Throttled (injected fault)", now).withRetryAfter(1);
				case INTERNAL_ERROR ->
					EmulatorResponse.error(DpsError.INTERNAL_ERROR, "Internal server error (injected fault)", now);
				case UNAVAILABLE ->
					EmulatorResponse.error(DpsError.SERVICE_UNAVAILABLE, "Service unavailable (injected fault)", now);
				case EXPIRED_TOKEN -> EmulatorResponse.error(DpsError.UNAUTHORIZED,
						"Unauthorized (injected fault: the token is taken as expired)", now);
				default -> null;
			};
		}

	}

}
