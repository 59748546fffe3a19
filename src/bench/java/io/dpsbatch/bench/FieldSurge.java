package io.dpsbatch.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The field's load changes during the batch (a surge, then a lull): the client must
 * follow the room it leaves, taking it without making the field's devices refused.
 */
final class FieldSurge extends Scenario {

	static final int QUOTA = 1_000;

	/**
	 * The field's register calls a minute from a second after the emulator started on.
	 */
	static final List<Step> SCHEDULE = List.of(new Step(200, 0), new Step(600, 60), new Step(100, 100));

	static final double MAX_FIELD_THROTTLED_PERCENT = 2;

	/** The most time the run may take, against the time the room left allows. */
	static final double MAX_TIME_PERCENT = 125;

	FieldSurge() {
		super("field-surge", 1_500, settings("registrations-per-minute", Integer.toString(QUOTA), "field-load-schedule",
				schedule(), "assignment-delay", "1s"), Map.of(), "512m", Duration.ofMinutes(10));
	}

	record Step(int perMinute, int fromSecond) {
	}

	/**
	 * {@link #SCHEDULE} as emulator.field-load-schedule takes it:
	 * {@code 200/min@0s,600/min@60s,...}.
	 */
	static String schedule() {
		return SCHEDULE.stream()
			.map((step) -> step.perMinute() + "/min@" + step.fromSecond() + "s")
			.collect(Collectors.joining(","));
	}

	@Override
	String target() {
		return format("the field answered 429 for <= %s%% of its calls; done within %s%% of the time the room left "
				+ "allows", number(MAX_FIELD_THROTTLED_PERCENT), number(MAX_TIME_PERCENT));
	}

	@Override
	String verdict(Result result, Map<String, Result> done) {
		// from the batch's start (the field's schedule runs from the emulator's start, a
		// JVM start earlier)
		String startedAt = result.summary().startedAt();
		Instant started = (startedAt != null) ? Instant.parse(startedAt) : result.emulatorReady();
		double offset = Duration.between(result.emulatorReady(), started).toMillis() / 1000.0;
		double ideal = idealSeconds(result.devices(), Math.max(0, offset));
		double run = result.runSeconds();
		return format(
				"field 429s %s; the run took %.0f s from the batch's start, the room left allows %.0f s "
						+ "(%.0f%%): %s",
				result.fieldShare(), run, ideal, 100 * run / ideal,
				pass(result.fieldThrottledPercent() <= MAX_FIELD_THROTTLED_PERCENT
						&& run <= MAX_TIME_PERCENT / 100 * ideal));
	}

	/**
	 * Seconds a run of {@code devices} started {@code from} seconds after the emulator
	 * needs when it takes exactly the room the field leaves of the quota (at most the
	 * default pace): one accepted register call each.
	 */
	static double idealSeconds(int devices, double from) {
		double done = 0;
		double t = from;
		while (done < devices) {
			done += Math.min(DEFAULT_PACE, QUOTA - fieldAt(t)) / 60.0 * 0.1;
			t += 0.1;
		}
		return t - from;
	}

	private static int fieldAt(double second) {
		int perMinute = 0;
		for (Step step : SCHEDULE) {
			if (second >= step.fromSecond()) {
				perMinute = step.perMinute();
			}
		}
		return perMinute;
	}

}
