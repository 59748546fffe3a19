package io.dpsbatch.store;

import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Says in one line why the results store could not be used, in the database driver's own
 * words (a refused connection, an unknown host, a role that may not log in, a locked H2
 * file), rather than the layers of Spring and connection-pool messages around them.
 */
public final class StoreFailures {

	private StoreFailures() {
	}

	/** The description, when a database failure is at the bottom of {@code failure}. */
	public static Optional<String> describe(Throwable failure) {
		SQLException deepest = null;
		Throwable root = failure;
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof SQLException sql) {
				deepest = sql;
			}
			root = t;
		}
		if (deepest == null) {
			return Optional.empty();
		}
		String problem = firstLine(deepest.getMessage());
		if (root instanceof UnknownHostException) {
			problem += " (unknown host " + root.getMessage() + ")";
		}
		else if (root != deepest && root.getMessage() != null && !problem.contains(root.getMessage())) {
			problem += " (" + firstLine(root.getMessage()) + ")";
		}
		return Optional.of("cannot use the results store (spring.datasource.url): " + problem);
	}

	private static String firstLine(String message) {
		if (message == null || message.isBlank()) {
			return "no message";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message.strip() : message.substring(0, newline).strip();
	}

}
