package io.dpsbatch.cli;

/** The process exit codes operators script against (DESIGN.md §1). */
final class ExitCodes {

	/** Every device assigned, or a dry run found nothing wrong. */
	static final int OK = 0;

	/** The run failed or was interrupted; running the same command again resumes it. */
	static final int FAILED = 1;

	/** The batch finished, but some devices are failed or rejected. */
	static final int INCOMPLETE = 2;

	/** Usage or configuration error; the message says what to fix and nothing was changed. */
	static final int USAGE = 64;

	private ExitCodes() {
	}

}
