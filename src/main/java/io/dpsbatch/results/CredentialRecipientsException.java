package io.dpsbatch.results;

/**
 * A certificate of {@code batch.credentials-recipients} that cannot be used: not a certificate, expired,
 * not yet valid or too weak. A configuration error, found before anything is sent or written.
 */
public class CredentialRecipientsException extends RuntimeException {

	CredentialRecipientsException(String message) {
		super(message);
	}

}
