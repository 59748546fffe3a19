package io.dpsbatch.store;

import io.dpsbatch.exit.UsageError;

/**
 * A command names a batch that the results store does not hold: a usage error (exit code
 * 64).
 */
public class UnknownBatchException extends RuntimeException implements UsageError {

	UnknownBatchException(String name) {
		super("no batch named '" + name + "' in the results store");
	}

}
