package io.dpsbatch.keys;

/** A key that cannot be used. The message names the problem and never contains the key. */
public class InvalidKeyException extends IllegalArgumentException {

	InvalidKeyException(String message) {
		super(message);
	}

}
