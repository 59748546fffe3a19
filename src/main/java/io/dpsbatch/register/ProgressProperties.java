package io.dpsbatch.register;

import java.time.Duration;

import io.dpsbatch.job.Terminal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code progress.*} properties: how a long run shows its progress.
 *
 * @param mode {@code auto} (a live line on a terminal, log lines otherwise), {@code live}
 * or {@code log}
 * @param interval how often a progress log line is written (the live line redraws every
 * second)
 */
@ConfigurationProperties("progress")
record ProgressProperties(@DefaultValue("auto") Mode mode, @DefaultValue("5s") Duration interval) {

	/** Where progress goes. */
	enum Mode {

		/** A live line when standard error is a terminal, log lines otherwise. */
		AUTO,

		/** A line redrawn in place on standard error. */
		LIVE,

		/** A log line every {@code progress.interval}. */
		LOG

	}

	/** Whether this run draws the live line. */
	boolean live() {
		return switch (this.mode) {
			case LIVE -> true;
			case LOG -> false;
			case AUTO -> Terminal.interactive();
		};
	}

}
