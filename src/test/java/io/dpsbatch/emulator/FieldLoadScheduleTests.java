package io.dpsbatch.emulator;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FieldLoadScheduleTests {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	@Test
	void stepsAreRatesFromAnOffsetOn() {
		FieldLoadSchedule schedule = FieldLoadSchedule.parse("200/min@0s, 600/min@1m,100/min@100000ms");

		assertThat(schedule.steps()).containsExactly(new FieldLoadSchedule.Step(0, 200),
				new FieldLoadSchedule.Step(60 * SECOND, 600), new FieldLoadSchedule.Step(100 * SECOND, 100));
		assertThat(schedule).hasToString("200/min@0s,600/min@60s,100/min@100s");
	}

	@Test
	void callsFallDueEvenlyAtTheRateInForce() {
		FieldLoadSchedule schedule = FieldLoadSchedule.parse("200/min@0s,600/min@60s,100/min@100s");

		assertThat(schedule.dueBy(0)).isZero();
		assertThat(schedule.dueBy(299_999_999)).isZero();
		assertThat(schedule.dueBy(300_000_000)).as("200/min: one every 0.3 s").isEqualTo(1);
		assertThat(schedule.dueBy(60 * SECOND)).isEqualTo(200);
		assertThat(schedule.dueBy(70 * SECOND)).as("then 600/min, 10 a second").isEqualTo(300);
		assertThat(schedule.dueBy(100 * SECOND)).isEqualTo(600);
		assertThat(schedule.dueBy(160 * SECOND)).as("then 100/min").isEqualTo(700);
	}

	@Test
	void noLoadBeforeTheFirstOffset() {
		FieldLoadSchedule schedule = FieldLoadSchedule.parse("60/min@30s");

		assertThat(schedule.dueBy(30 * SECOND)).isZero();
		assertThat(schedule.dueBy(31 * SECOND)).isEqualTo(1);
	}

	@Test
	void aConstantRateIsOneStepFromTheStart() {
		assertThat(FieldLoadSchedule.constant(300).steps()).containsExactly(new FieldLoadSchedule.Step(0, 300));
		assertThat(FieldLoadSchedule.constant(0).isNone()).isTrue();
		assertThat(FieldLoadSchedule.parse(" ").isNone()).isTrue();
		assertThat(FieldLoadSchedule.parse("0/min@0s").isNone()).isTrue();
	}

	@Test
	void aBadScheduleSaysWhatIsWrong() {
		for (String bad : List.of("200", "200/min", "200/min@", "-5/min@0s", "200/min@soon", "200/min@0s,,",
				"200/min@60s,300/min@60s", "200/min@60s,300/min@10s")) {
			assertThatIllegalArgumentException().as(bad)
				.isThrownBy(() -> FieldLoadSchedule.parse(bad))
				.withMessageStartingWith("emulator.field-load-schedule: ")
				.withMessageEndingWith("(example: 200/min@0s,600/min@60s,100/min@100s)");
		}
	}

}
