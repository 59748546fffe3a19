package io.dpsbatch.output;

import io.dpsbatch.exit.UsageError;

/**
 * A certificate of {@code batch.credentials-recipients} that cannot be used: not a
 * certificate, expired, not yet valid or too weak. A configuration error, found before
 * anything is sent or written.
 */
public class CredentialRecipientsException extends RuntimeException implements UsageError {

	CredentialRecipientsException(String message) {
		super(message);
	}

}
