package io.dpsbatch.register;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.dpsbatch.dps.DpsUnavailableException;
import io.dpsbatch.job.StopRequest;
import io.dpsbatch.store.LineOutcome;
import io.dpsbatch.store.PendingDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The register step as a pipeline rather than chunks: a chunk is a barrier (the next one
 * starts when every device of this one has its outcome), so one slow device would hold
 * back its whole chunk; here each device holds back only its own slot of the
 * {@link InFlightWindow}, and the rate limit, not a chunk barrier, sets the pace.
 * <p>
 * Each call of {@link #execute} is one transaction of the step: it reads as many PENDING
 * devices as the window has free slots and has the window send them, takes the outcomes
 * that arrived meanwhile (for at most {@value #COLLECT_MILLIS} ms or
 * {@value #MAX_OUTCOMES_PER_COMMIT} outcomes) and has the writer record them with the
 * step's own metadata, its write listeners recording the traffic and the progress. The
 * tasklet alone decides what happens next: the window only waits, the reader only reads.
 * <p>
 * When the operator asks the run to stop ({@link StopRequest}), no more devices are sent;
 * outcomes still on their way are recorded for up to the drain limit, then the step ends
 * STOPPED. Devices still out by then stay REGISTERING and are looked up when the batch
 * resumes.
 */
class RegistrationTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(RegistrationTasklet.class);

	/** How long one step transaction waits for outcomes before committing what it has. */
	static final long COLLECT_MILLIS = 200;

	/** Most outcomes recorded in one transaction. */
	static final int MAX_OUTCOMES_PER_COMMIT = 1000;

	private final String batch;

	private final ItemReader<PendingDevice> reader;

	private final InFlightWindow window;

	private final ItemWriter<LineOutcome> writer;

	private final ItemWriteListener<LineOutcome> writeListener;

	private final StopRequest stopRequest;

	private final Duration drainLimit;

	/** Whether the reader said no PENDING device is left. */
	private boolean allRead;

	/** When this step saw the stop request ({@link System#nanoTime()}), or null. */
	private Long stoppingSince;

	RegistrationTasklet(String batch, ItemReader<PendingDevice> reader, InFlightWindow window,
			ItemWriter<LineOutcome> writer, ItemWriteListener<LineOutcome> writeListener, StopRequest stopRequest,
			Duration drainLimit) {
		this.batch = batch;
		this.reader = reader;
		this.window = window;
		this.writer = writer;
		this.writeListener = writeListener;
		this.stopRequest = stopRequest;
		this.drainLimit = drainLimit;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		boolean stopping = this.stopRequest.isRequested();
		if (this.window.unavailable() == null && !stopping) {
			this.window.send(read(this.window.free(), contribution));
		}
		List<LineOutcome> outcomes = this.window.awaitOutcomes(COLLECT_MILLIS, MAX_OUTCOMES_PER_COMMIT,
				!this.allRead && !stopping);
		write(new Chunk<>(outcomes));
		contribution.incrementWriteCount(outcomes.size());
		Throwable failure = this.window.unavailable();
		if (failure != null && this.window.isIdle()) {
			throw new DpsUnavailableException(failure.getMessage(), failure);
		}
		if (this.allRead && this.window.isIdle()) {
			if (this.window.refused() != null) {
				// the other enrollments are done; the refused one's devices wait for its
				// right keys
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

	/** Up to {@code max} PENDING devices, each counted as read. */
	private List<PendingDevice> read(int max, StepContribution contribution) throws Exception {
		List<PendingDevice> devices = new ArrayList<>(Math.max(max, 0));
		while (devices.size() < max && !this.allRead) {
			PendingDevice device = this.reader.read();
			if (device == null) {
				this.allRead = true;
			}
			else {
				devices.add(device);
				contribution.incrementReadCount();
			}
		}
		return devices;
	}

	/**
	 * Records outcomes as a chunk step would: before-write listeners, the writer, then
	 * after-write listeners, or the write-error ones when the writer fails (the step's
	 * transaction then rolls back).
	 */
	private void write(Chunk<LineOutcome> outcomes) throws Exception {
		this.writeListener.beforeWrite(outcomes);
		try {
			this.writer.write(outcomes);
		}
		catch (Exception ex) {
			this.writeListener.onWriteError(ex, outcomes);
			throw ex;
		}
		this.writeListener.afterWrite(outcomes);
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

}
