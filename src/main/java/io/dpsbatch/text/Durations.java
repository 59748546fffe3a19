package io.dpsbatch.text;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them in log lines, messages and reports. */
public final class Durations {

	private Durations() {
	}

	/**
	 * Seconds below a minute and a half, then minutes below an hour and a half, then
	 * hours: "45 s", "12 min", "2.5 h".
	 */
	public static String human(Duration duration) {
		long s = duration.toSeconds();
		if (s < 90) {
			return s + " s";
		}
		if (s < 5400) {
			return Math.round(s / 60.0) + " min";
		}
		return String.format("%.1f h", s / 3600.0);
	}

	/**
	 * Exact, for a limit an operator configured: whole seconds in seconds, anything else
	 * in milliseconds: "30 s", "300 s", "250 ms".
	 */
	public static String precise(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " s" : millis + " ms";
	}

	/**
	 * To the second below two minutes, then minutes and seconds below two hours, then
	 * hours and minutes, for how long something took: "45 s", "12 min 5 s", "2 h 05 min".
	 */
	public static String elapsed(Duration duration) {
		long s = duration.toSeconds();
		return (s < 120) ? s + " s" : (s < 7200) ? (s / 60) + " min " + (s % 60) + " s"
				: String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
	}

}
