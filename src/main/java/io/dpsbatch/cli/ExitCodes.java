package io.dpsbatch.cli;

import io.dpsbatch.exit.ExitCode;

/** The exit codes of {@link ExitCode} as picocli takes them: ints. */
final class ExitCodes {

	static final int OK = ExitCode.OK.code();

	static final int FAILED = ExitCode.FAILED.code();

	static final int INCOMPLETE = ExitCode.INCOMPLETE.code();

	static final int USAGE = ExitCode.USAGE.code();

	private ExitCodes() {
	}

}
