package io.dpsbatch.register;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.dps.OutcomeStatus;
import io.dpsbatch.dps.RegistrationOutcome;
import io.dpsbatch.store.BatchTotals;
import io.dpsbatch.store.DeviceStatus;
import io.dpsbatch.store.LineOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class RegistrationProgressTests {

	private static final Instant START = Instant.parse("2026-11-29T08:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void theLineSaysDoneRateInFlightPaceFailuresAndTimeLeft() {
		RegistrationProgress progress = progress(1000, null);
		this.clock.advance(Duration.ofSeconds(10));
		progress.recorded(outcomes(100, OutcomeStatus.ASSIGNED), 40, statistics(850));
		progress.recorded(outcomes(2, OutcomeStatus.FAILED), 40, statistics(850));

		assertThat(progress.line(this.clock.instant(), 40))
			.isEqualTo("102/1000 registered (10%), 10.2 devices/s, 40 in flight, pace 850/min (0 answered 429), "
					+ "2 not assigned, about 89 s left");
	}

	@Test
	void onATerminalTheLineIsRedrawnInPlaceAndEndsWithANewLine() {
		RegistrationProgress progress = progress(3, new PrintStream(this.terminal, true, UTF_8));
		this.clock.advance(Duration.ofSeconds(2));
		progress.recorded(outcomes(1, OutcomeStatus.ASSIGNED), 2, statistics(900));
		this.clock.advance(Duration.ofSeconds(2));
		progress.recorded(outcomes(2, OutcomeStatus.ASSIGNED), 0, statistics(900));
		progress.finished(0);

		String drawn = this.terminal.toString(UTF_8);
		assertThat(drawn).startsWith("\rfleet: 1/3 registered")
			.contains("\rfleet: 3/3 registered (100%)")
			.endsWith(System.lineSeparator());
		assertThat(drawn.split("\r")).hasSize(4);
	}

	@Test
	void theMetersFollowEveryRecordedOutcomeAndTheClientStatistics() {
		RegistrationMetrics metrics = new RegistrationMetrics(this.registry);
		RegistrationProgress progress = new RegistrationProgress("fleet", totals(10), this.clock, metrics, null,
				Duration.ofSeconds(5), window());
		metrics.clientOpened(new DpsStatistics(0, 0, 0, 0, 0, 0, 0, 900));
		progress.recorded(outcomes(3, OutcomeStatus.ASSIGNED), 7, new DpsStatistics(5, 6, 1, 2, 1, 2, 0, 450));
		progress.recorded(outcomes(1, OutcomeStatus.TIMED_OUT), 6, new DpsStatistics(6, 9, 1, 2, 1, 3, 0, 495));

		assertThat(this.registry.get("dpsbatch.registrations").tag("outcome", "assigned").counter().count())
			.isEqualTo(3);
		assertThat(this.registry.get("dpsbatch.registrations").tag("outcome", "timed_out").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("dpsbatch.registration.latency").timer().count()).isEqualTo(4);
		assertThat(this.registry.get("dpsbatch.dps.requests").tag("call", "register").counter().count()).isEqualTo(6);
		assertThat(this.registry.get("dpsbatch.dps.requests").tag("call", "poll").counter().count()).isEqualTo(9);
		assertThat(this.registry.get("dpsbatch.dps.throttled").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("dpsbatch.registrations.in.flight").gauge().value()).isEqualTo(6);
		assertThat(this.registry.get("dpsbatch.dps.pace").gauge().value()).isEqualTo(495);
	}

	private RegistrationProgress progress(long toDo, PrintStream terminal) {
		return new RegistrationProgress("fleet", totals(toDo), this.clock, new RegistrationMetrics(this.registry),
				terminal, Duration.ofSeconds(5), window());
	}

	/**
	 * The window the progress reads in its listener methods; these tests give it the
	 * counts themselves.
	 */
	private static InFlightWindow window() {
		return new RegisterStepFixture().window(new ScriptedRegistrar(), 8);
	}

	private static BatchTotals totals(long pending) {
		return new BatchTotals(Map.of(DeviceStatus.PENDING, pending), 0, 0, 0, 0, null);
	}

	private static DpsStatistics statistics(int pace) {
		return new DpsStatistics(0, 0, 0, 0, 0, 0, 0, pace);
	}

	private List<LineOutcome> outcomes(int count, OutcomeStatus status) {
		Instant now = this.clock.instant();
		return java.util.stream.IntStream.range(0, count)
			.mapToObj((i) -> new LineOutcome(i,
					new RegistrationOutcome("dev-" + i, status, null, null, null, null, null, 1, false, false,
							now.minusMillis(800), now)))
			.toList();
	}

	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
