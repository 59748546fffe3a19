package io.dpsbatch.exit;

/** The process exit codes operators script against (docs/operations.md#exit-codes). */
public enum ExitCode {

	/** Every device assigned, or a dry run found nothing wrong. */
	OK(0),

	/** The run failed or was interrupted; running the same command again resumes it. */
	FAILED(1),

	/** The batch finished, but some devices are failed or rejected. */
	INCOMPLETE(2),

	/**
	 * Usage or configuration error; the message says what to fix and nothing was changed.
	 */
	USAGE(64);

	private final int code;

	ExitCode(int code) {
		this.code = code;
	}

	public int code() {
		return this.code;
	}

}
