package io.dpsbatch.results;

import io.dpsbatch.exit.ExitCode;
import io.dpsbatch.exit.HasExitCode;

/**
 * A certificate of {@code batch.credentials-recipients} that cannot be used: not a certificate, expired,
 * not yet valid or too weak. A configuration error, found before anything is sent or written.
 */
public class CredentialRecipientsException extends RuntimeException implements HasExitCode {

	CredentialRecipientsException(String message) {
		super(message);
	}

	@Override
	public ExitCode exitCode() {
		return ExitCode.USAGE;
	}

}
