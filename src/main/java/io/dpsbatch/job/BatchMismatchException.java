package io.dpsbatch.job;

/**
 * A batch that exists in the store was started with another manifest, key or DPS instance than the
 * run at hand; continuing would mix two batches, so the run is refused before anything changes.
 */
public class BatchMismatchException extends RuntimeException {

	BatchMismatchException(String message) {
		super(message);
	}

}
