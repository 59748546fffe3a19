package io.dpsbatch.job;

import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepInterruptionPolicy;
import org.springframework.stereotype.Component;

/**
 * An operator's request (SIGTERM, Ctrl-C) to stop the running batch at its next safe
 * point. The signal's thread only raises a flag; the job's own thread acts on it at a
 * transaction boundary of the step it is in. The import step stops between chunks
 * (through this interruption policy); the register step stops sending devices, records
 * the outcomes still on their way for a while, then stops (the register step's tasklet);
 * export, which takes seconds, runs to its end. The job then ends STOPPED, and the next
 * run resumes it like any unfinished batch.
 * <p>
 * Not {@code JobOperator.stop}: that writes the job's status from the signal's thread
 * while the job's thread is writing it too, and ends the register step at once, dropping
 * outcomes already on their way.
 */
@Component
public class StopRequest implements StepInterruptionPolicy {

	private volatile boolean requested;

	void request() {
		this.requested = true;
	}

	public boolean isRequested() {
		return this.requested;
	}

	/** Withdraws the request: the next run of this process (a test's) starts unasked. */
	void withdraw() {
		this.requested = false;
	}

	@Override
	public void checkInterrupted(StepExecution stepExecution) throws JobInterruptedException {
		if (this.requested) {
			// a chunk step that only sees this exception ends its loop and is then called
			// COMPLETED; terminate-only (set here, on the step's own thread) makes it end
			// STOPPED
			stepExecution.setTerminateOnly();
			throw new JobInterruptedException("stopped at the operator's request");
		}
	}

}
