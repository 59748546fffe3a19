package io.dpsbatch.job;

import java.util.Optional;

import io.dpsbatch.store.StoreFailures;

/**
 * What stopped a run, in one line an operator can act on: the store's own account of a
 * database failure when it is one ({@link StoreFailures}), else the failure's message
 * with its innermost cause's when that adds something. The one home of this wording, for
 * a job's failures and a command's alike.
 */
public final class RunFailures {

	private RunFailures() {
	}

	public static String describe(Throwable failure) {
		Optional<String> store = StoreFailures.describe(failure);
		if (store.isPresent()) {
			return store.get();
		}
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String rootMessage = message(root);
		if (failure.getMessage() == null || failure.getMessage().isBlank()) {
			return rootMessage;
		}
		String top = message(failure);
		return (root == failure || top.contains(rootMessage)) ? top : top + " (" + rootMessage + ")";
	}

	/** A failure's message (its first line), or its type when it has none. */
	public static String message(Throwable failure) {
		String message = failure.getMessage();
		if (message == null || message.isBlank()) {
			return failure.getClass().getSimpleName();
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

}
