package io.dpsbatch.text;

import java.time.Duration;

/** Durations as people read them in log lines and messages. */
public final class Durations {

	private Durations() {
	}

	/** Seconds below a minute and a half, then minutes below an hour and a half, then hours: "45 s", "12 min", "2.5 h". */
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

}
