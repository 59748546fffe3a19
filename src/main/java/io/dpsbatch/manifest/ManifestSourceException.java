package io.dpsbatch.manifest;

/**
 * The database a manifest is read from cannot be reached or answered with an error that
 * is not a mistake in the configuration (the connection broke, the server is down or
 * overloaded ...): trying again later may work. Configuration mistakes (a wrong query,
 * table, user or password) are {@link ManifestFormatException}s instead.
 */
public class ManifestSourceException extends RuntimeException {

	ManifestSourceException(String message, Throwable cause) {
		super(message, cause);
	}

}
