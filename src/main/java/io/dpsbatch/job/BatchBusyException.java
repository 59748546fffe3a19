package io.dpsbatch.job;

/**
 * Another live run holds the batch (two operators, or an operator and the nightly timer): this run is
 * refused before it changes anything. Not a usage error: the same command works once the other run has
 * ended (exit code 1).
 */
public class BatchBusyException extends RuntimeException {

	BatchBusyException(String message) {
		super(message);
	}

}
