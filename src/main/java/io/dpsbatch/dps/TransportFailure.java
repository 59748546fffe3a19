package io.dpsbatch.dps;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * What went wrong below HTTP, sorted by what it means for a retry.
 *
 * @param kind the sort of failure
 * @param description a short description for outcomes and logs
 * @param cause the exception, with the CompletionException wrapping removed
 */
record TransportFailure(Kind kind, String description, Throwable cause) {

	enum Kind {

		/** The TLS handshake failed: retrying cannot help, the set-up must change. */
		TLS,

		/**
		 * No connection could be opened (refused, unknown host, connect timeout): nothing
		 * was sent.
		 */
		UNREACHABLE,

		/** No answer within the request timeout: the request may have been received. */
		TIMEOUT,

		/**
		 * The connection broke (reset, closed, empty answer): the request may have been
		 * received.
		 */
		BROKEN,

		/** Not a transport failure at all: a bug, surfaced as such. */
		OTHER

	}

	/**
	 * Whether DPS may have received the request: for a register call, it may have
	 * registered the device.
	 */
	boolean mayHaveArrived() {
		return this.kind == Kind.TIMEOUT || this.kind == Kind.BROKEN;
	}

	static TransportFailure classify(Throwable failure) {
		Throwable ex = unwrap(failure);
		if (find(ex, SSLHandshakeException.class) != null) {
			return new TransportFailure(Kind.TLS, handshakeReason(ex), ex);
		}
		// Apache HttpClient's time limits: connecting (a SocketTimeoutException too, so
		// asked first), then the answer
		if (ex instanceof ConnectTimeoutException) {
			return new TransportFailure(Kind.UNREACHABLE, "connection timed out", ex);
		}
		if (find(ex, UnresolvedAddressException.class) != null || find(ex, UnknownHostException.class) != null) {
			return new TransportFailure(Kind.UNREACHABLE, "unknown host", ex);
		}
		if (find(ex, ConnectException.class) != null) {
			return new TransportFailure(Kind.UNREACHABLE, "connection refused", ex);
		}
		// no free connection in time is a TimeoutException: never expected, as the
		// limiter starts no more requests
		// than the pool holds, and counted as a timeout (retried after a lookup) rather
		// than as a bug
		if (ex instanceof SocketTimeoutException || ex instanceof TimeoutException) {
			return new TransportFailure(Kind.TIMEOUT, "timeout", ex);
		}
		if (ex instanceof IOException) {
			return new TransportFailure(Kind.BROKEN, "connection broken (" + summary(ex) + ")", ex);
		}
		return new TransportFailure(Kind.OTHER, summary(ex), ex);
	}

	static Throwable unwrap(Throwable failure) {
		Throwable ex = failure;
		while ((ex instanceof CompletionException || ex instanceof ExecutionException) && ex.getCause() != null) {
			ex = ex.getCause();
		}
		return ex;
	}

	private static String handshakeReason(Throwable ex) {
		Throwable deepest = ex;
		while (deepest.getCause() != null && deepest.getCause() != deepest) {
			deepest = deepest.getCause();
		}
		String reason = (deepest.getMessage() != null) ? deepest.getMessage() : deepest.getClass().getSimpleName();
		CertificateException certificate = find(ex, CertificateException.class);
		if (certificate != null && isHostNameMismatch(certificate.getMessage())) {
			return "the server certificate is not valid for this host name; check dps.global-endpoint (" + reason + ")";
		}
		if (certificate != null || find(ex, CertPathValidatorException.class) != null) {
			return "the server certificate is not trusted; if this is a private endpoint or the emulator,"
					+ " set dps.trust-store (" + reason + ")";
		}
		return reason;
	}

	/**
	 * The JDK's HostnameChecker: "No subject alternative DNS name matching ...", "No name
	 * matching ...".
	 */
	private static boolean isHostNameMismatch(String message) {
		return message != null
				&& (message.startsWith("No subject alternative") || message.startsWith("No name matching"));
	}

	private static String summary(Throwable ex) {
		return (ex.getMessage() != null) ? ex.getClass().getSimpleName() + ": " + ex.getMessage()
				: ex.getClass().getSimpleName();
	}

	private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

}
