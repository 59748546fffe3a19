package io.dpsbatch.output;

/** The batch's output folder cannot be used safely (for example others can read it). */
public class OutputFolderException extends RuntimeException {

	OutputFolderException(String message) {
		super(message);
	}

	OutputFolderException(String message, Throwable cause) {
		super(message, cause);
	}

}
