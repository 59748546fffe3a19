package io.dpsbatch.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.convert.DurationStyle;

/**
 * Register calls a minute that devices in the field take from the emulator's quota, as
 * steps in time since the emulator started. Written {@code <rate>/min@<offset>} and
 * separated by commas, for example {@code 200/min@0s,600/min@60s,100/min@100s}: 200 a
 * minute from the start, 600 from 60 s on, 100 from 100 s on, to the end. Offsets are
 * durations as Spring Boot reads them ({@code 90s}, {@code 2m}, {@code 500ms},
 * {@code PT1M30S}) and must increase; before the first one there is no field load.
 *
 * @param steps the rate steps, offsets increasing
 */
record FieldLoadSchedule(List<Step> steps) {

	private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

	private static final Pattern STEP = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*min\\s*@\\s*(\\S+)\\s*");

	/**
	 * @param offsetNanos from the emulator's start
	 * @param perMinute field register calls a minute from then on
	 */
	record Step(long offsetNanos, int perMinute) {

	}

	FieldLoadSchedule {
		steps = List.copyOf(steps);
	}

	static FieldLoadSchedule none() {
		return new FieldLoadSchedule(List.of());
	}

	static FieldLoadSchedule constant(int perMinute) {
		return (perMinute > 0) ? new FieldLoadSchedule(List.of(new Step(0, perMinute))) : none();
	}

	/**
	 * Reads the {@code emulator.field-load-schedule} syntax.
	 * @throws IllegalArgumentException with what is wrong and how it should look
	 */
	static FieldLoadSchedule parse(String text) {
		if (text == null || text.isBlank()) {
			return none();
		}
		List<Step> steps = new ArrayList<>();
		for (String part : text.split(",", -1)) {
			Matcher matcher = STEP.matcher(part);
			if (!matcher.matches()) {
				throw invalid("'" + part.strip() + "' is not <calls>/min@<offset>");
			}
			Duration offset;
			try {
				offset = DurationStyle.detectAndParse(matcher.group(2));
			}
			catch (IllegalArgumentException ex) {
				throw invalid("'" + matcher.group(2) + "' is not a duration");
			}
			if (offset.isNegative()) {
				throw invalid("the offset " + matcher.group(2) + " is negative");
			}
			long offsetNanos = offset.toNanos();
			if (!steps.isEmpty() && offsetNanos <= steps.get(steps.size() - 1).offsetNanos()) {
				throw invalid("the offsets must increase, " + matcher.group(2) + " does not");
			}
			steps.add(new Step(offsetNanos, Integer.parseInt(matcher.group(1))));
		}
		return new FieldLoadSchedule(steps);
	}

	private static IllegalArgumentException invalid(String problem) {
		return new IllegalArgumentException(
				"emulator.field-load-schedule: " + problem + " (example: 200/min@0s,600/min@60s,100/min@100s)");
	}

	boolean isNone() {
		return this.steps.stream().allMatch((step) -> step.perMinute() == 0);
	}

	/**
	 * Field calls the schedule has made due from the start until {@code elapsedNanos}
	 * after it.
	 */
	long dueBy(long elapsedNanos) {
		long whole = 0;
		long fraction = 0;
		for (int i = 0; i < this.steps.size(); i++) {
			Step step = this.steps.get(i);
			if (elapsedNanos <= step.offsetNanos()) {
				break;
			}
			long end = (i + 1 < this.steps.size()) ? Math.min(elapsedNanos, this.steps.get(i + 1).offsetNanos())
					: elapsedNanos;
			long span = end - step.offsetNanos();
			// rate * span / minute without overflow: whole minutes, then the rest of a
			// minute
			whole += step.perMinute() * (span / MINUTE_NANOS);
			long rest = step.perMinute() * (span % MINUTE_NANOS);
			whole += rest / MINUTE_NANOS;
			fraction += rest % MINUTE_NANOS;
		}
		return whole + fraction / MINUTE_NANOS;
	}

	private static String offset(long nanos) {
		long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		for (Step step : this.steps) {
			text.append((text.length() > 0) ? "," : "")
				.append(step.perMinute())
				.append("/min@")
				.append(offset(step.offsetNanos()));
		}
		return text.toString();
	}

}
