package io.dpsbatch.dps;

/**
 * DPS could not be reached at all (DNS failure, connection refused, TLS handshake
 * refused, ...), as opposed to DPS answering about one device. A run that meets this
 * stops and can be resumed: the device concerned is not given a final status.
 */
public class DpsUnavailableException extends RuntimeException {

	public DpsUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
