package io.dpsbatch.dps;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLHandshakeException;

import io.dpsbatch.dps.TransportFailure.Kind;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Deadline;
import org.apache.hc.core5.util.DeadlineTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransportFailureTests {

	@Test
	void untrustedCertificate() {
		SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
		handshake.initCause(new CertificateException("unable to find valid certification path to requested target"));

		TransportFailure failure = TransportFailure.classify(new CompletionException(handshake));

		assertThat(failure.kind()).isEqualTo(Kind.TLS);
		assertThat(failure.cause()).isSameAs(handshake);
		assertThat(failure.description()).isEqualTo("the server certificate is not trusted; if this is a private"
				+ " endpoint or the emulator, set dps.trust-store (unable to find valid certification path to requested target)");
	}

	@Test
	void certificateForAnotherHost() {
		SSLHandshakeException handshake = new SSLHandshakeException(
				"No subject alternative DNS name matching dps.example found.");
		handshake.initCause(new CertificateException("No subject alternative DNS name matching dps.example found."));

		TransportFailure failure = TransportFailure.classify(handshake);

		assertThat(failure.kind()).isEqualTo(Kind.TLS);
		assertThat(failure.description()).startsWith("the server certificate is not valid for this host name");
	}

	@Test
	void otherHandshakeFailure() {
		TransportFailure failure = TransportFailure
			.classify(new SSLHandshakeException("Received fatal alert: protocol_version"));

		assertThat(failure.kind()).isEqualTo(Kind.TLS);
		assertThat(failure.description()).isEqualTo("Received fatal alert: protocol_version");
	}

	@Test
	void unreachable() {
		assertThat(TransportFailure.classify(new ConnectException()))
			.extracting(TransportFailure::kind, TransportFailure::description)
			.containsExactly(Kind.UNREACHABLE, "connection refused");
		ConnectException unresolved = new ConnectException();
		unresolved.initCause(new UnresolvedAddressException());
		assertThat(TransportFailure.classify(new CompletionException(unresolved)))
			.extracting(TransportFailure::kind, TransportFailure::description)
			.containsExactly(Kind.UNREACHABLE, "unknown host");
		assertThat(
				TransportFailure.classify(new ConnectTimeoutException("Connect to https://dps.example:443 timed out")))
			.extracting(TransportFailure::kind, TransportFailure::description)
			.containsExactly(Kind.UNREACHABLE, "connection timed out");
		assertThat(TransportFailure.classify(new UnknownHostException("dps.example")).description())
			.isEqualTo("unknown host");
		// what Apache HttpClient reports for a refused connection
		assertThat(TransportFailure
			.classify(new HttpHostConnectException("Connect to https://dps.example:443 failed: Connection refused",
					new HttpHost("https", "dps.example", 443)))
			.description()).isEqualTo("connection refused");
	}

	@Test
	void failuresAfterTheRequestMayHaveArrived() {
		// Apache HttpClient's response time limit
		TransportFailure timeout = TransportFailure.classify(new SocketTimeoutException("250 MILLISECONDS"));
		TransportFailure reset = TransportFailure.classify(new IOException("Connection reset"));
		TransportFailure empty = TransportFailure.classify(new EOFException());

		assertThat(timeout.kind()).isEqualTo(Kind.TIMEOUT);
		assertThat(reset.kind()).isEqualTo(Kind.BROKEN);
		assertThat(reset.description()).isEqualTo("connection broken (IOException: Connection reset)");
		assertThat(empty.kind()).isEqualTo(Kind.BROKEN);
		assertThat(timeout.mayHaveArrived()).isTrue();
		assertThat(reset.mayHaveArrived()).isTrue();
		assertThat(TransportFailure.classify(new ConnectException()).mayHaveArrived()).isFalse();
	}

	@Test
	void noFreeConnectionInTimeCountsAsATimeout() {
		TransportFailure noConnection = TransportFailure
			.classify(DeadlineTimeoutException.from(Deadline.fromUnixMilliseconds(0)));

		assertThat(noConnection.kind()).isEqualTo(Kind.TIMEOUT);
	}

	@Test
	void aBugIsNotATransportFailure() {
		assertThat(TransportFailure.classify(new CompletionException(new IllegalStateException("bug"))).kind())
			.isEqualTo(Kind.OTHER);
	}

}
