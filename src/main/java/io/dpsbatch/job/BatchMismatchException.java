package io.dpsbatch.job;

import io.dpsbatch.exit.UsageError;

/**
 * A batch that exists in the store does not fit the run at hand: it was started with
 * another manifest, key, DPS instance or choice of {@code --force} (continuing would mix
 * two batches), or it is not in a state the command works on (retry-failed of an
 * unfinished batch). The run is refused before anything changes (exit code 64).
 */
public class BatchMismatchException extends RuntimeException implements UsageError {

	BatchMismatchException(String message) {
		super(message);
	}

}
