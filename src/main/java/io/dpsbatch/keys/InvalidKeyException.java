package io.dpsbatch.keys;

import io.dpsbatch.exit.UsageError;

/**
 * A key that cannot be used. The message names the problem and never contains the key.
 */
public class InvalidKeyException extends IllegalArgumentException implements UsageError {

	InvalidKeyException(String message) {
		super(message);
	}

}
