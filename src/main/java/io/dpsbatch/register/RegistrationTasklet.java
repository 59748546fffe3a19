package io.dpsbatch.register;

import io.dpsbatch.job.DpsTarget;
import io.dpsbatch.job.StopRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.dps.DpsUnavailableException;
import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.DeviceResults;
import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.DeviceQueue;
import io.dpsbatch.store.LineOutcome;
import io.dpsbatch.store.PendingDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The register step as a pipeline rather than chunks. Each call of {@link #execute} is one transaction of
 * the step: it tops up the {@link InFlightWindow} with devices claimed by the {@link PendingDeviceReader},
 * takes the outcomes that arrived meanwhile (for at most {@value #COLLECT_MILLIS} ms or
 * {@value #MAX_OUTCOMES_PER_COMMIT} outcomes) and has the {@link OutcomeWriter} record them with the step's
 * own metadata. No chunk barrier: the window stays full while outcomes are committed.
 * <p>
 * When the operator asks the run to stop ({@link StopRequest}), no more devices are claimed; outcomes still on
 * their way are recorded for up to the drain limit, then the step ends STOPPED. Devices still out by then stay
 * REGISTERING and are looked up when the batch resumes.
 */
class RegistrationTasklet implements Tasklet, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(RegistrationTasklet.class);

	/** How long one step transaction waits for outcomes before committing what it has. */
	static final long COLLECT_MILLIS = 200;

	/** Most outcomes recorded in one transaction. */
	static final int MAX_OUTCOMES_PER_COMMIT = 1000;

	private final String batch;

	private final PendingDeviceReader reader;

	private final DpsTarget dps;

	private final RegisterStepParts parts;

	private final StopRequest stopRequest;

	private final Duration drainLimit;

	private InFlightWindow window;

	private OutcomeWriter writer;

	private RegistrationProgress progress;

	/** When this step saw the stop request ({@link System#nanoTime()}), or null. */
	private Long stoppingSince;

	RegistrationTasklet(String batch, PendingDeviceReader reader, DpsTarget dps, RegisterStepParts parts,
			StopRequest stopRequest, Duration drainLimit) {
		this.batch = batch;
		this.reader = reader;
		this.dps = dps;
		this.parts = parts;
		this.stopRequest = stopRequest;
		this.drainLimit = drainLimit;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.window = new InFlightWindow(this.dps.openRegistrar(), this.dps.properties().maxInFlight(),
				this.dps.enrollments());
		DpsStatistics start = this.window.statistics();
		this.parts.metrics().clientOpened(start);
		this.writer = new OutcomeWriter(this.batch, this.parts.queue(), this.parts.batches(),
				new TrafficBuckets(this.batch, this.parts.history(), Clock.systemUTC(), start), start);
		this.progress = RegistrationProgress.start(this.batch, this.parts.reports().totals(this.batch),
				this.parts.progress(), this.parts.metrics());
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (this.window == null) {
			return stepExecution.getExitStatus();
		}
		try {
			this.writer.flush(this.window.statistics());
		}
		catch (RuntimeException ex) {
			// the chart loses its last seconds; the outcomes are recorded, and the step's own failure matters more
			logger.warn("{}: cannot record the last seconds of traffic for the report: {}", this.batch, ex.getMessage());
		}
		this.window.logPerInstance(this.batch);
		this.window.close();
		this.progress.finished(this.window.size());
		return stepExecution.getExitStatus();
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws InterruptedException {
		boolean stopping = this.stopRequest.isRequested();
		if (this.window.unavailable() == null && !stopping) {
			for (PendingDevice device : this.reader.claimNext(this.window.free())) {
				this.window.send(device);
			}
		}
		List<LineOutcome> outcomes = this.window.awaitOutcomes(COLLECT_MILLIS, MAX_OUTCOMES_PER_COMMIT,
				() -> this.reader.hasMore() && !this.stopRequest.isRequested() && this.window.worthRefilling());
		DpsStatistics traffic = this.window.statistics();
		this.writer.write(outcomes, traffic);
		contribution.incrementWriteCount(outcomes.size());
		this.progress.recorded(outcomes, this.window.size(), traffic);
		Throwable failure = this.window.unavailable();
		if (failure != null && this.window.isIdle()) {
			throw new DpsUnavailableException(failure.getMessage(), failure);
		}
		if (!this.reader.hasMore() && this.window.isIdle()) {
			if (this.window.refused() != null) {
				// the other enrollments are done; the refused one's devices wait for its right keys
				throw this.window.refused();
			}
			return RepeatStatus.FINISHED;
		}
		if (stopping && drained()) {
			// the step checks this after the transaction commits, and ends STOPPED
			contribution.getStepExecution().setTerminateOnly();
		}
		return RepeatStatus.CONTINUABLE;
	}

	/** Whether a stopping step has recorded what it could wait for. */
	private boolean drained() {
		long now = System.nanoTime();
		if (this.stoppingSince == null) {
			this.stoppingSince = now;
			logger.info("{}: stopping: no more devices are sent; waiting up to {} s for the {} device(s) with DPS",
					this.batch, this.drainLimit.toSeconds(), this.window.size());
		}
		if (this.window.isIdle()) {
			return true;
		}
		if (now - this.stoppingSince < this.drainLimit.toNanos()) {
			return false;
		}
		logger.info("{}: stopping without the outcomes of {} device(s) still with DPS; they are looked up when the "
				+ "batch resumes", this.batch, this.window.size());
		return true;
	}

	/** What the step records to and reports with, shared by every run. */
	record RegisterStepParts(DeviceQueue queue, BatchRepository batches, DeviceResults reports, BatchHistory history,
			RegistrationMetrics metrics, ProgressProperties progress) {
	}

}
