package io.dpsbatch.service;

import io.dpsbatch.exit.ExitCode;
import io.dpsbatch.exit.HasExitCode;

/**
 * A call of the DPS service API that did not succeed: DPS's answer (HTTP status, its
 * six-digit error code from the body or the {@code x-ms-error-code} header, its message
 * and tracking ID), or no answer at all (status 0). The message never contains a SAS
 * token or a key.
 * <p>
 * {@link #outcomeUnknown()} is the rule for requests that change something
 * (docs/dps.md#service-api-client-facts): when such a request may have reached DPS but
 * its answer was lost (a broken connection, a timeout) or was a 5xx, and repeating it
 * could do harm (a bulk call, an enrollment whose keys DPS generates, a write bound to an
 * etag), the client does not repeat it and says so here: DPS may or may not have done it,
 * and the caller reads back ({@code get}, {@code attestationMechanism}, {@code query}) to
 * find out before doing anything else.
 */
public class ServiceApiException extends RuntimeException implements HasExitCode {

	private final int status;

	private final Integer errorCode;

	private final String trackingId;

	private final String dpsMessage;

	private final boolean outcomeUnknown;

	ServiceApiException(String message, int status, Integer errorCode, String trackingId, String dpsMessage,
			boolean outcomeUnknown, Throwable cause) {
		super(message, cause);
		this.status = status;
		this.errorCode = errorCode;
		this.trackingId = trackingId;
		this.dpsMessage = dpsMessage;
		this.outcomeUnknown = outcomeUnknown;
	}

	/** The HTTP status of DPS's answer; 0 when there was none. */
	public int status() {
		return this.status;
	}

	/**
	 * DPS's six-digit error code (e.g. 404201), from the body or the
	 * {@code x-ms-error-code} header; {@code null} when DPS sent none.
	 */
	public Integer errorCode() {
		return this.errorCode;
	}

	/** DPS's tracking ID of the failed request, for Microsoft support; may be null. */
	public String trackingId() {
		return this.trackingId;
	}

	/** DPS's own message; may be null. */
	public String dpsMessage() {
		return this.dpsMessage;
	}

	/**
	 * Whether DPS may have carried the request out although the client could not tell:
	 * the caller reads back before deciding anything. Never true for a request that
	 * changes nothing.
	 */
	public boolean outcomeUnknown() {
		return this.outcomeUnknown;
	}

	/**
	 * Refused credentials are the operator's to fix (exit 64); anything else ended the
	 * run's work with DPS (exit 1).
	 */
	@Override
	public ExitCode exitCode() {
		return (this.status == 401 || this.status == 403) ? ExitCode.USAGE : ExitCode.FAILED;
	}

}
