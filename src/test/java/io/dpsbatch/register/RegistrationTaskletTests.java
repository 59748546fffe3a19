package io.dpsbatch.register;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.dpsbatch.dps.DpsUnavailableException;
import io.dpsbatch.dps.GroupKeyRefusedException;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.job.StopRequest;
import io.dpsbatch.store.DeviceStatus;
import io.dpsbatch.store.LineOutcome;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.test.MetaDataInstanceFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The register step's rules, one transaction ({@code execute}) at a time, over a
 * registrar whose answers the test gives and a results store in memory. Each call waits
 * for outcomes at most the step's commit interval.
 */
class RegistrationTaskletTests {

	private final RegisterStepFixture fixture = new RegisterStepFixture();

	private final ScriptedRegistrar registrar = new ScriptedRegistrar();

	private final StepExecution stepExecution = MetaDataInstanceFactory.createStepExecution();

	private final List<Integer> writes = new ArrayList<>();

	private boolean stopRequested;

	private final StopRequest stopRequest = new StopRequest() {

		@Override
		public boolean isRequested() {
			return RegistrationTaskletTests.this.stopRequested;
		}

	};

	@Test
	void sendsUpToTheWindowCountsReadsAndWritesAndFinishesWithTheLastOutcome() throws Exception {
		RegistrationTasklet tasklet = tasklet(5, 3, Duration.ofHours(1));

		assertThat(execute(tasklet)).isEqualTo(RepeatStatus.CONTINUABLE);
		assertThat(this.registrar.sentIds()).containsExactly("d2", "d3", "d4");
		assertThat(this.fixture.count(DeviceStatus.REGISTERING)).isEqualTo(3);
		this.registrar.assign("d2");
		this.registrar.assign("d3");
		this.registrar.assign("d4");
		assertThat(execute(tasklet)).isEqualTo(RepeatStatus.CONTINUABLE);
		assertThat(this.registrar.sentIds()).containsExactly("d2", "d3", "d4", "d5", "d6");
		this.registrar.assign("d5");
		this.registrar.assign("d6");

		assertThat(execute(tasklet)).isEqualTo(RepeatStatus.FINISHED);
		assertThat(this.stepExecution.getReadCount()).isEqualTo(5);
		assertThat(this.stepExecution.getWriteCount()).isEqualTo(5);
		assertThat(this.fixture.count(DeviceStatus.ASSIGNED)).isEqualTo(5);
		assertThat(this.writes).as("outcomes per write, each seen by the write listeners").containsExactly(0, 3, 2);
	}

	@Test
	void aStopRequestSendsNothingNewAndRecordsTheOutcomesStillArrivingThenEndsTheStep() throws Exception {
		RegistrationTasklet tasklet = tasklet(6, 3, Duration.ofHours(1));
		execute(tasklet);
		this.stopRequested = true;

		this.registrar.assign("d2");
		assertThat(execute(tasklet)).isEqualTo(RepeatStatus.CONTINUABLE);
		assertThat(this.stepExecution.isTerminateOnly()).as("two devices still with DPS").isFalse();
		this.registrar.assign("d3");
		this.registrar.assign("d4");
		execute(tasklet);

		assertThat(this.stepExecution.isTerminateOnly()).isTrue();
		assertThat(this.registrar.sentIds()).containsExactly("d2", "d3", "d4");
		assertThat(this.stepExecution.getWriteCount()).isEqualTo(3);
		assertThat(this.fixture.count(DeviceStatus.ASSIGNED)).isEqualTo(3);
		assertThat(this.fixture.count(DeviceStatus.REGISTERING)).isZero();
		assertThat(this.fixture.count(DeviceStatus.PENDING)).isEqualTo(3);
	}

	@Test
	void aStopOutlastingTheDrainLimitLeavesTheDevicesStillWithDpsRegistering() throws Exception {
		RegistrationTasklet tasklet = tasklet(3, 3, Duration.ZERO);
		execute(tasklet);
		this.stopRequested = true;
		this.registrar.assign("d2");

		execute(tasklet);

		assertThat(this.stepExecution.isTerminateOnly()).isTrue();
		assertThat(this.fixture.count(DeviceStatus.ASSIGNED)).isEqualTo(1);
		assertThat(this.fixture.count(DeviceStatus.REGISTERING)).as("looked up when the batch resumes").isEqualTo(2);
	}

	@Test
	void whenEveryEnrollmentIsRefusedNothingMoreIsSentAndTheStepFailsWithTheRefusal() throws Exception {
		RegistrationTasklet tasklet = tasklet(5, 2, Duration.ofHours(1));
		execute(tasklet);
		GroupKeyRefusedException refusal = new GroupKeyRefusedException("DPS refuses the keys", "");
		this.registrar.fail("d2", refusal);
		execute(tasklet);
		assertThat(this.registrar.sentIds()).containsExactly("d2", "d3");
		this.registrar.assign("d3");

		assertThatExceptionOfType(DpsUnavailableException.class).isThrownBy(() -> execute(tasklet))
			.withMessage("DPS refuses the keys")
			.withCause(refusal);
		assertThat(this.registrar.sentIds()).containsExactly("d2", "d3");
		assertThat(this.fixture.count(DeviceStatus.ASSIGNED)).as("the outcome on its way is recorded").isEqualTo(1);
		assertThat(this.fixture.count(DeviceStatus.PENDING)).isEqualTo(3);
	}

	@Test
	void whenOneOfTwoEnrollmentsIsRefusedTheOthersDevicesGoOnAndTheStepEndsWithTheRefusal() throws Exception {
		this.fixture.devices(2, 2, "").devices(4, 3, RegisterStepFixture.LINE_B).devices(7, 1, "");
		RegistrationTasklet tasklet = tasklet(2, RegisterStepFixture.twoEnrollments(), Duration.ofHours(1));
		execute(tasklet);
		this.registrar.assign("d2");
		this.registrar.assign("d3");
		execute(tasklet);
		assertThat(this.registrar.sentIds()).containsExactly("d2", "d3", "d4", "d5");
		GroupKeyRefusedException refusal = new GroupKeyRefusedException("DPS refuses line-b's keys",
				RegisterStepFixture.LINE_B);
		this.registrar.fail("d4", refusal);
		execute(tasklet); // reads d6, of the refused enrollment: not sent
		this.registrar.fail("d5", new GroupKeyRefusedException("again", RegisterStepFixture.LINE_B));
		execute(tasklet); // reads d7
		this.registrar.assign("d7");

		assertThatExceptionOfType(GroupKeyRefusedException.class).isThrownBy(() -> execute(tasklet)).isSameAs(refusal);
		assertThat(this.registrar.sentIds()).containsExactly("d2", "d3", "d4", "d5", "d7");
		assertThat(this.fixture.count(DeviceStatus.ASSIGNED)).isEqualTo(3);
		assertThat(this.fixture.count(DeviceStatus.REGISTERING)).as("line-b's, looked up when the batch resumes")
			.isEqualTo(3);
		assertThat(this.stepExecution.getReadCount()).isEqualTo(6);
	}

	@Test
	void whenDpsIsUnavailableTheDevicesInFlightStillBringTheirOutcomesThenTheStepFails() throws Exception {
		RegistrationTasklet tasklet = tasklet(5, 3, Duration.ofHours(1));
		execute(tasklet);
		DpsUnavailableException unreachable = new DpsUnavailableException("DPS cannot be reached", null);
		this.registrar.fail("d2", unreachable);

		assertThat(execute(tasklet)).as("two devices still with DPS").isEqualTo(RepeatStatus.CONTINUABLE);
		this.registrar.assign("d3");
		this.registrar.assign("d4");

		assertThatExceptionOfType(DpsUnavailableException.class).isThrownBy(() -> execute(tasklet))
			.withCause(unreachable);
		assertThat(this.registrar.sentIds()).containsExactly("d2", "d3", "d4");
		assertThat(this.fixture.count(DeviceStatus.ASSIGNED)).isEqualTo(2);
		assertThat(this.fixture.count(DeviceStatus.REGISTERING)).isEqualTo(1);
		assertThat(this.fixture.count(DeviceStatus.PENDING)).isEqualTo(2);
	}

	private RegistrationTasklet tasklet(int devices, int capacity, Duration drainLimit) {
		this.fixture.devices(devices);
		return tasklet(capacity, RegisterStepFixture.oneEnrollment(), drainLimit);
	}

	private RegistrationTasklet tasklet(int capacity, Enrollments enrollments, Duration drainLimit) {
		PendingDeviceReader reader = this.fixture.reader();
		reader.open(new ExecutionContext());
		InFlightWindow window = this.fixture.window(this.registrar, capacity, enrollments);
		ItemWriteListener<LineOutcome> listener = new ItemWriteListener<>() {

			@Override
			public void afterWrite(Chunk<? extends LineOutcome> outcomes) {
				RegistrationTaskletTests.this.writes.add(outcomes.size());
			}

		};
		return new RegistrationTasklet(RegisterStepFixture.BATCH, reader, window,
				new OutcomeWriter(RegisterStepFixture.BATCH, this.fixture.store.queue()), listener, this.stopRequest,
				drainLimit);
	}

	/**
	 * One transaction of the step; its counts are added to the step execution, as the
	 * step adds them.
	 */
	private RepeatStatus execute(RegistrationTasklet tasklet) throws Exception {
		StepContribution contribution = this.stepExecution.createStepContribution();
		try {
			return tasklet.execute(contribution, new ChunkContext(new StepContext(this.stepExecution)));
		}
		finally {
			this.stepExecution.apply(contribution);
		}
	}

}
