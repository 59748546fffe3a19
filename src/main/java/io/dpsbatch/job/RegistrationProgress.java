package io.dpsbatch.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.dps.OutcomeStatus;
import io.dpsbatch.results.BatchTotals;
import io.dpsbatch.results.DeviceStatus;
import io.dpsbatch.results.LineOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says how a registration run is going, every few seconds: devices done out of the batch, rate, what
 * is in flight, the pace in force and the 429s that set it, failures so far and an estimate of the time
 * left.
 */
class RegistrationProgress {

	private static final Logger logger = LoggerFactory.getLogger(RegistrationProgress.class);

	static final Duration INTERVAL = Duration.ofSeconds(5);

	private final String batch;

	private final Clock clock;

	private final long toDo;

	private final long doneBefore;

	private final Instant started;

	private Instant lastReport;

	private long done;

	private long notAssigned;

	private int pace;

	private long throttled;

	RegistrationProgress(String batch, BatchTotals totals, Clock clock) {
		this.batch = batch;
		this.clock = clock;
		this.doneBefore = totals.count(DeviceStatus.ASSIGNED) + totals.notAssigned();
		this.toDo = totals.unfinished();
		this.started = clock.instant();
		this.lastReport = this.started;
		if (this.toDo > 0) {
			logger.info("{}: registering {} device(s){}", batch, this.toDo,
					(this.doneBefore > 0) ? " (" + this.doneBefore + " already done by earlier runs)" : "");
		}
	}

	void recorded(List<LineOutcome> outcomes, int inFlight, DpsStatistics traffic) {
		this.done += outcomes.size();
		this.notAssigned += outcomes.stream().filter((o) -> o.outcome().status() != OutcomeStatus.ASSIGNED).count();
		this.pace = traffic.pacePerMinute();
		this.throttled = traffic.throttledResponses();
		Instant now = this.clock.instant();
		if (Duration.between(this.lastReport, now).compareTo(INTERVAL) >= 0) {
			this.lastReport = now;
			logger.info("{}: {}", this.batch, line(now, inFlight));
		}
	}

	void finished(int inFlight) {
		if (this.toDo > 0) {
			logger.info("{}: {}", this.batch, line(this.clock.instant(), inFlight));
		}
	}

	String line(Instant now, int inFlight) {
		double seconds = Math.max(Duration.between(this.started, now).toMillis(), 1) / 1000.0;
		double rate = this.done / seconds;
		long left = this.toDo - this.done;
		String eta = (rate > 0 && left > 0) ? ", about " + human(Duration.ofSeconds((long) Math.ceil(left / rate)))
				+ " left" : "";
		return String.format(Locale.ROOT,
				"%d/%d registered (%.0f%%), %.1f devices/s, %d in flight, pace %d/min (%d answered 429), %d not "
						+ "assigned%s",
				this.done, this.toDo, (this.toDo > 0) ? 100.0 * this.done / this.toDo : 100.0, rate, inFlight,
				this.pace, this.throttled, this.notAssigned, eta);
	}

	static String human(Duration duration) {
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
