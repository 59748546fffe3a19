package io.dpsbatch.bench;

import java.time.Duration;
import java.util.Map;

import io.dpsbatch.emulator.EmulatorCounts;

/**
 * DPS as it behaves in production, with the client's default settings: devices in the
 * field take part of the registration quota, and the batch must take the rest without
 * being refused for it.
 */
final class SharedQuota extends Scenario {

	static final int QUOTA = 1_000;

	/** The field's register calls a minute. */
	static final int FIELD = 300;

	/** The share of what the field leaves the batch must have accepted. */
	static final double MIN_ACCEPTED_PERCENT = 85;

	static final double MAX_THROTTLED_PERCENT = 3;

	SharedQuota() {
		super("shared-quota", 1_500, settings("registrations-per-minute", Integer.toString(QUOTA),
				"field-load-per-minute", Integer.toString(FIELD), "assignment-delay", "1s"), Map.of(), "512m",
				Duration.ofMinutes(10));
	}

	/** The register calls a minute the field leaves (at most the client's pace). */
	static int left() {
		return Math.min(DEFAULT_PACE, QUOTA - FIELD);
	}

	@Override
	String target() {
		return format(">= %s%% of the %d/min the field leaves, <= %s%% of register calls answered 429",
				number(MIN_ACCEPTED_PERCENT), left(), number(MAX_THROTTLED_PERCENT));
	}

	@Override
	String verdict(Result result, Map<String, Result> done) {
		long sent = result.sent();
		// the emulator's count; the client's own should the emulator's be missing
		long throttled = result.counts()
			.map(EmulatorCounts::throttled)
			.filter((count) -> count > 0)
			.orElse(result.summary().throttledResponses());
		double share = Result.percent(throttled, sent);
		double accepted = Result.perMinute(sent - throttled, result.runSeconds());
		return format(
				"%.0f register calls/min accepted (%.0f%% of the %d left; %.0f sent), %d of %d answered 429 "
						+ "(%.2f%%), field 429s %s: %s",
				accepted, 100 * accepted / left(), left(), result.sentPerMinute(), throttled, sent, share,
				result.fieldShare(),
				pass(accepted >= MIN_ACCEPTED_PERCENT / 100 * left() && share <= MAX_THROTTLED_PERCENT));
	}

}
