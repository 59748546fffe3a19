package io.dpsbatch.cli;

import java.sql.SQLException;
import java.util.Optional;

import io.dpsbatch.exit.HasExitCode;
import io.dpsbatch.job.RunFailures;
import io.dpsbatch.store.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.BeansException;
import org.springframework.boot.context.properties.bind.BindException;

/**
 * Turns a failure into the message an operator reads and the exit code a script sees. A
 * failure that knows its exit code ({@link HasExitCode}, anywhere in the chain of causes)
 * decides both; Spring's binding errors are configuration errors too. Messages come from
 * our own exceptions, which never carry a key; a stack trace goes to the debug log only.
 */
final class Failures {

	private static final Logger logger = LoggerFactory.getLogger(Failures.class);

	/** H2's "database may be already in use": another process has the file store open. */
	private static final int H2_DATABASE_IN_USE = 90020;

	private Failures() {
	}

	static int exitCode(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof HasExitCode known) {
				return known.exitCode().code();
			}
			if (t instanceof BindException) {
				return ExitCodes.USAGE;
			}
		}
		return ExitCodes.FAILED;
	}

	static String describe(Throwable failure) {
		return ConsoleText.printable(describeFailure(failure));
	}

	private static String describeFailure(Throwable failure) {
		logger.debug("Failure", failure);
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof HasExitCode) {
				return t.getMessage();
			}
			if (t instanceof BindException bind) {
				return "invalid value for configuration property '" + bind.getName() + "'" + bindingReason(bind);
			}
			if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
				return "the results store is in use by another dps-batch process: an H2 file store is opened by one "
						+ "process at a time. Run the command again once that process has ended, or keep the results "
						+ "store in PostgreSQL to let runs overlap";
			}
		}
		Optional<String> store = StoreFailures.describe(failure);
		if (store.isPresent()) {
			return store.get();
		}
		if (failure instanceof BeansException) {
			// Spring's messages nest every bean on the way down; the innermost cause is
			// what matters
			Throwable root = failure;
			while (root.getCause() != null && root.getCause() != root) {
				root = root.getCause();
			}
			return "cannot start: " + RunFailures.message(root);
		}
		return RunFailures.describe(failure);
	}

	private static String bindingReason(BindException bind) {
		String name = bind.getName().toString().toLowerCase();
		Throwable cause = bind.getCause();
		// a conversion message quotes the value, which must not be shown for secrets
		if (name.contains("key") || name.contains("password") || cause == null || cause.getMessage() == null) {
			return "";
		}
		return ": " + RunFailures.message(cause);
	}

}
