package io.dpsbatch.dps;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS set-up of the DPS client: the JVM's default trust, plus the certificates of
 * {@code dps.trust-store} when one is configured (a private endpoint, the emulator). A
 * server is trusted when either accepts its chain; nothing else is ever trusted, and host
 * names are always verified ({@link DpsConnections} asks the JDK for HTTPS endpoint
 * identification, which the delegate trust managers perform during the handshake).
 */
final class DpsTls {

	/** DPS speaks TLS 1.2; 1.3 is allowed for the emulator and for when DPS adds it. */
	static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

	private DpsTls() {
	}

	static SSLContext sslContext(DpsProperties properties) {
		try {
			X509ExtendedTrustManager jvmTrust = trustManager(null);
			X509ExtendedTrustManager trust = (properties.trustStore() != null)
					? new EitherTrustManager(List.of(jvmTrust, trustManager(loadTrustStore(properties)))) : jvmTrust;
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { trust }, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("TLS is not available in this JVM: " + ex.getMessage(), ex);
		}
	}

	private static KeyStore loadTrustStore(DpsProperties properties) {
		Path path = properties.trustStore();
		String type = (properties.trustStoreType() != null) ? properties.trustStoreType() : "PKCS12";
		KeyStore store;
		try {
			store = KeyStore.getInstance(type);
		}
		catch (KeyStoreException ex) {
			throw new DpsConfigurationException(
					"dps.trust-store-type '" + type + "' is not a key store type this JVM knows: use PKCS12 or JKS",
					ex);
		}
		char[] password = (properties.trustStorePassword() != null) ? properties.trustStorePassword().toCharArray()
				: null;
		try (InputStream in = Files.newInputStream(path)) {
			store.load(in, password);
		}
		catch (NoSuchFileException ex) {
			throw new DpsConfigurationException("cannot read dps.trust-store " + path + ": no such file", ex);
		}
		catch (AccessDeniedException ex) {
			throw new DpsConfigurationException("cannot read dps.trust-store " + path + ": permission denied", ex);
		}
		catch (IOException | GeneralSecurityException ex) {
			// e.g. "keystore password was incorrect"; the JDK's messages never quote the
			// password
			throw new DpsConfigurationException("cannot read dps.trust-store " + path + " as " + type + ": "
					+ ex.getMessage() + "; check dps.trust-store-password and dps.trust-store-type", ex);
		}
		finally {
			if (password != null) {
				Arrays.fill(password, '\0');
			}
		}
		if (!hasCertificates(store)) {
			throw new DpsConfigurationException("dps.trust-store " + path + " holds no certificate to trust"
					+ " (with no or a wrong dps.trust-store-password a PKCS12 file may look empty)");
		}
		return store;
	}

	private static boolean hasCertificates(KeyStore store) {
		try {
			for (String alias : Collections.list(store.aliases())) {
				if (store.getCertificate(alias) != null) {
					return true;
				}
			}
			return false;
		}
		catch (KeyStoreException ex) {
			return false;
		}
	}

	private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(store);
		for (TrustManager manager : factory.getTrustManagers()) {
			if (manager instanceof X509ExtendedTrustManager x509) {
				return x509;
			}
		}
		throw new KeyStoreException("no X509 trust manager in " + factory.getAlgorithm());
	}

	/**
	 * Trusts a chain when any delegate does. It extends {@link X509ExtendedTrustManager}
	 * so that the engine-aware checks (host name verification, algorithm constraints)
	 * stay with the delegates instead of being replaced by the JDK's wrapper for plain
	 * trust managers.
	 */
	static final class EitherTrustManager extends X509ExtendedTrustManager {

		private final List<X509ExtendedTrustManager> delegates;

		EitherTrustManager(List<X509ExtendedTrustManager> delegates) {
			this.delegates = List.copyOf(delegates);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			anyAccepts((delegate) -> delegate.checkServerTrusted(chain, authType, engine));
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			anyAccepts((delegate) -> delegate.checkServerTrusted(chain, authType, socket));
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			anyAccepts((delegate) -> delegate.checkServerTrusted(chain, authType));
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			anyAccepts((delegate) -> delegate.checkClientTrusted(chain, authType, engine));
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			anyAccepts((delegate) -> delegate.checkClientTrusted(chain, authType, socket));
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			anyAccepts((delegate) -> delegate.checkClientTrusted(chain, authType));
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.delegates.stream()
				.flatMap((delegate) -> Arrays.stream(delegate.getAcceptedIssuers()))
				.toArray(X509Certificate[]::new);
		}

		private void anyAccepts(Check check) throws CertificateException {
			List<CertificateException> refusals = new ArrayList<>();
			for (X509ExtendedTrustManager delegate : this.delegates) {
				try {
					check.run(delegate);
					return;
				}
				catch (CertificateException ex) {
					refusals.add(ex);
				}
			}
			// the telling refusal is the one of a delegate that knew the issuer and
			// refused for another reason (a host name that does not match, an expired
			// certificate), not "no path to a trust anchor"
			CertificateException refusal = refusals.stream()
				.filter((ex) -> !isUnknownIssuer(ex))
				.findFirst()
				.orElse(refusals.get(0));
			refusals.stream().filter((ex) -> ex != refusal).forEach(refusal::addSuppressed);
			throw refusal;
		}

		private static boolean isUnknownIssuer(Throwable refusal) {
			for (Throwable t = refusal; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
				if (t instanceof CertPathBuilderException) {
					return true;
				}
			}
			return false;
		}

		@FunctionalInterface
		private interface Check {

			void run(X509ExtendedTrustManager delegate) throws CertificateException;

		}

	}

}
