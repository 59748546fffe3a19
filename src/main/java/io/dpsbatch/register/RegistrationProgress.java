package io.dpsbatch.register;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.dps.OutcomeStatus;
import io.dpsbatch.store.BatchTotals;
import io.dpsbatch.store.DeviceStatus;
import io.dpsbatch.store.LineOutcome;
import io.dpsbatch.text.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Says how a registration run is going: devices done out of the batch, rate, what is in
 * flight, the pace in force and the 429s that set it, failures so far and an estimate of
 * the time left. On a terminal as one line redrawn every second; otherwise (a scheduler,
 * a log file) as a log line every {@code progress.interval}. Either way the meters of
 * {@link RegistrationMetrics} follow every recorded outcome. A listener of the register
 * step: it counts every write of outcomes, and draws the last line as the step ends.
 */
class RegistrationProgress implements ItemWriteListener<LineOutcome>, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(RegistrationProgress.class);

	private static final Duration LIVE_INTERVAL = Duration.ofSeconds(1);

	private final String batch;

	private final Clock clock;

	private final RegistrationMetrics metrics;

	private final PrintStream terminal;

	private final InFlightWindow window;

	private final Duration interval;

	private final long toDo;

	private final Instant started;

	private Instant lastReport;

	private long done;

	private long notAssigned;

	private int pace;

	private long throttled;

	private int lastLineLength;

	/**
	 * @param terminal where the live line is drawn, or {@code null} to write log lines
	 * instead
	 * @param window the devices with DPS, whose count and statistics each line shows
	 */
	RegistrationProgress(String batch, BatchTotals totals, Clock clock, RegistrationMetrics metrics,
			PrintStream terminal, Duration interval, InFlightWindow window) {
		this.batch = batch;
		this.clock = clock;
		this.metrics = metrics;
		this.terminal = terminal;
		this.window = window;
		this.interval = (terminal != null) ? LIVE_INTERVAL : interval;
		long doneBefore = totals.count(DeviceStatus.ASSIGNED) + totals.notAssigned();
		this.toDo = totals.unfinished();
		this.started = clock.instant();
		this.lastReport = this.started;
		if (this.toDo > 0) {
			logger.info("{}: registering {} device(s){}", batch, this.toDo,
					(doneBefore > 0) ? " (" + doneBefore + " already done by earlier runs)" : "");
		}
	}

	static RegistrationProgress start(String batch, BatchTotals totals, ProgressProperties properties,
			RegistrationMetrics metrics, InFlightWindow window, Clock clock) {
		return new RegistrationProgress(batch, totals, clock, metrics, properties.live() ? System.err : null,
				properties.interval(), window);
	}

	@Override
	public void afterWrite(Chunk<? extends LineOutcome> outcomes) {
		recorded(outcomes.getItems(), this.window.size(), this.window.statistics());
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (this.toDo > 0) {
			finished(this.window.size());
		}
		return stepExecution.getExitStatus();
	}

	void recorded(List<? extends LineOutcome> outcomes, int inFlight, DpsStatistics statistics) {
		this.metrics.recorded(outcomes, inFlight, statistics);
		this.done += outcomes.size();
		this.notAssigned += outcomes.stream().filter((o) -> o.outcome().status() != OutcomeStatus.ASSIGNED).count();
		this.pace = statistics.pacePerMinute();
		this.throttled = statistics.throttledResponses();
		Instant now = this.clock.instant();
		if (Duration.between(this.lastReport, now).compareTo(this.interval) >= 0) {
			this.lastReport = now;
			show(line(now, inFlight), false);
		}
	}

	void finished(int inFlight) {
		if (this.toDo > 0) {
			show(line(this.clock.instant(), inFlight), true);
		}
	}

	private void show(String line, boolean last) {
		if (this.terminal == null) {
			logger.info("{}: {}", this.batch, line);
			return;
		}
		String text = this.batch + ": " + line;
		// redraw in place; spaces wipe the rest of a longer previous line (no escape
		// codes needed)
		String padding = " ".repeat(Math.max(0, this.lastLineLength - text.length()));
		this.terminal.print("\r" + text + padding + (last ? System.lineSeparator() : ""));
		this.terminal.flush();
		this.lastLineLength = text.length();
	}

	String line(Instant now, int inFlight) {
		double seconds = Math.max(Duration.between(this.started, now).toMillis(), 1) / 1000.0;
		double rate = this.done / seconds;
		long left = this.toDo - this.done;
		String eta = (rate > 0 && left > 0)
				? ", about " + Durations.human(Duration.ofSeconds((long) Math.ceil(left / rate))) + " left" : "";
		return String.format(Locale.ROOT,
				"%d/%d registered (%.0f%%), %.1f devices/s, %d in flight, pace %d/min (%d answered 429), %d not "
						+ "assigned%s",
				this.done, this.toDo, (this.toDo > 0) ? 100.0 * this.done / this.toDo : 100.0, rate, inFlight,
				this.pace, this.throttled, this.notAssigned, eta);
	}

}
