package io.dpsbatch.keys;

import io.dpsbatch.exit.UsageError;

/**
 * A file of keys cannot be used: missing, open to other users, not a keys file, or
 * changed since it was read. An operator's mistake, so the command line ends with exit
 * code 64; the message names the property, the file and the line to fix, never a key.
 */
public class KeysFileException extends RuntimeException implements UsageError {

	KeysFileException(String message) {
		super(message);
	}

}
