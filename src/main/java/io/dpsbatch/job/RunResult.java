package io.dpsbatch.job;

import java.nio.file.Path;

import io.dpsbatch.exit.ExitCode;
import io.dpsbatch.store.BatchTotals;
import io.dpsbatch.store.DeviceStatus;

/**
 * How a provisioning run ended.
 *
 * @param batch the batch
 * @param state how the run ended
 * @param totals the batch's counts after the run
 * @param outputFolder where its files are
 * @param failure what stopped the run ({@link State#FAILED} only)
 */
public record RunResult(String batch, State state, BatchTotals totals, Path outputFolder, String failure) {

	/**
	 * The process exit code of the run (docs/operations.md#exit-codes): 1 when it stopped
	 * before the end and can be resumed, 2 when the batch finished with devices failed or
	 * rejected, 0 when every device is assigned.
	 */
	public int exitCode() {
		if (this.state == State.FAILED || this.state == State.INTERRUPTED) {
			return ExitCode.FAILED.code();
		}
		boolean incomplete = this.totals.notAssigned() + this.totals.count(DeviceStatus.REJECTED) > 0;
		return (incomplete ? ExitCode.INCOMPLETE : ExitCode.OK).code();
	}

	public enum State {

		/**
		 * The job ran to the end: every device has a final status and the files are
		 * written.
		 */
		COMPLETED,

		/** The batch had already finished before this run; nothing was changed. */
		ALREADY_FINISHED,

		/** The run stopped early on a failure; the same command resumes it. */
		FAILED,

		/**
		 * The run stopped at a safe point because the operator asked it to (SIGTERM,
		 * Ctrl-C); the same command resumes it.
		 */
		INTERRUPTED,

		/** retry-failed found no device that DPS did not assign; nothing was changed. */
		NOTHING_TO_RETRY

	}

}
