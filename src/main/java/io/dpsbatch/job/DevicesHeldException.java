package io.dpsbatch.job;

/**
 * Devices of the batch are still being registered by another live batch, and the run
 * waited for them as long as {@code batch.wait-for-other-runs} allows. Nothing of this
 * batch was sent; running the same command again once the other run has ended continues
 * it.
 */
class DevicesHeldException extends RuntimeException {

	DevicesHeldException(String message) {
		super(message);
	}

}
