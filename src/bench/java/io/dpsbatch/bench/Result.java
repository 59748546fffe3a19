package io.dpsbatch.bench;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import io.dpsbatch.emulator.EmulatorCounts;
import io.dpsbatch.output.BatchSummary;

/**
 * What one scenario measured.
 *
 * @param devices the devices it ran with
 * @param exitCode the provision process's, -1 when it was stopped at the time limit
 * @param wallSeconds from the start of the provision process to its end
 * @param summary the batch's summary.json
 * @param registerStepRate devices a second of the register step, as the provision log
 * gives it
 * @param importRowsPerSecond as the provision log gives it
 * @param peakHeapMb the most heap the provision process occupied
 * @param liveHeapMb the most heap it kept after a collection
 * @param emulatorReady when the emulator was ready (its field-load schedule counts from
 * about then)
 * @param counts the emulator's counts as the provision process ended; empty when they
 * could not be read
 */
record Result(Scenario scenario, int devices, int exitCode, double wallSeconds, BatchSummary summary,
		double registerStepRate, double importRowsPerSecond, long peakHeapMb, long liveHeapMb, double clientCpuSeconds,
		double emulatorCpuSeconds, Instant emulatorReady, Optional<EmulatorCounts> counts) {

	long assigned() {
		return this.summary.outcomes().assigned();
	}

	/** Register calls the client sent. */
	long sent() {
		return this.summary.registrationsSent();
	}

	/** The batch's own duration, from its start to its export. */
	double runSeconds() {
		return this.summary.durationSeconds();
	}

	/** Register calls a minute over the batch's duration. */
	double sentPerMinute() {
		return perMinute(sent(), runSeconds());
	}

	long meanLatency() {
		return orZero(this.summary.latencyMillis().mean());
	}

	long p50Latency() {
		return orZero(this.summary.latencyMillis().p50());
	}

	/**
	 * Empty when it ran every device to its assignment and ended well; otherwise says
	 * what it did not do.
	 */
	String incompleteness() {
		return (this.exitCode == 0 && assigned() == this.devices) ? ""
				: "NOT COMPLETE (exit " + this.exitCode + ", " + assigned() + " assigned); ";
	}

	/**
	 * The share of the field's calls the registration quota refused; NaN without field
	 * calls or counts.
	 */
	double fieldThrottledPercent() {
		return this.counts.filter((c) -> c.fieldCalls() > 0)
			.map((c) -> percent(c.fieldThrottled(), c.fieldCalls()))
			.orElse(Double.NaN);
	}

	String fieldShare() {
		return this.counts.map((c) -> String.format(Locale.ROOT, "%d of %d calls (%.2f%%)", c.fieldThrottled(),
				c.fieldCalls(), fieldThrottledPercent()))
			.orElse("not counted");
	}

	static double perMinute(long calls, double seconds) {
		return (seconds > 0) ? calls / seconds * 60 : 0;
	}

	static double percent(long part, long whole) {
		return (whole > 0) ? 100.0 * part / whole : 0;
	}

	static long orZero(Long millis) {
		return (millis != null) ? millis : 0;
	}

}
