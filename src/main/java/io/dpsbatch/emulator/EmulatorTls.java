package io.dpsbatch.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's TLS material, kept in its state directory and reused on later starts so
 * that a client configured once keeps working:
 * <ul>
 * <li>{@code ca.p12}: the private CA's key and certificate (it signs renewed server
 * certificates);</li>
 * <li>{@code server.p12}: the server key with its chain (server certificate, CA);</li>
 * <li>{@code truststore.p12}: the CA certificate alone, what clients pass as
 * {@code dps.trust-store};</li>
 * <li>{@code ca.pem}: the same certificate as PEM, for clients that take PEM (curl
 * --cacert, device SDKs);</li>
 * <li>{@code tls.password}: password of the two key stores; {@code truststore.password}:
 * password of the trust store (random; the {@code emulator} command prints it).</li>
 * </ul>
 * A server certificate within 30 days of its end is renewed from the same CA (the trust
 * store does not change); a missing or unreadable CA means a new CA and a new trust
 * store.
 */
final class EmulatorTls {

	static final String TRUST_STORE_TYPE = "PKCS12";

	static final String TRUST_STORE_FILE = "truststore.p12";

	private static final String TRUST_STORE_PASSWORD_FILE = "truststore.password";

	static final String CA_PEM_FILE = "ca.pem";

	private static final String CA_FILE = "ca.p12";

	private static final String SERVER_FILE = "server.p12";

	private static final String KEY_STORE_PASSWORD_FILE = "tls.password";

	private static final String CA_ALIAS = "dps-batch-emulator-ca";

	private static final String SERVER_ALIAS = "dps-batch-emulator-server";

	private static final Duration RENEWAL_MARGIN = Duration.ofDays(30);

	private static final Logger logger = LoggerFactory.getLogger(EmulatorTls.class);

	private final SSLContext serverContext;

	private final X509Certificate certificateAuthority;

	private final Path trustStore;

	private final String trustStorePassword;

	private EmulatorTls(SSLContext serverContext, X509Certificate certificateAuthority, Path trustStore,
			String trustStorePassword) {
		this.serverContext = serverContext;
		this.certificateAuthority = certificateAuthority;
		this.trustStore = trustStore;
		this.trustStorePassword = trustStorePassword;
	}

	/**
	 * Reads the TLS material of {@code state}, creating or renewing what is missing. Call
	 * it exclusively.
	 */
	static EmulatorTls loadOrCreate(StateDirectory state, Instant now) {
		return loadOrCreate(state, now, List.of());
	}

	/**
	 * Reads the TLS material of {@code state} as
	 * {@link #loadOrCreate(StateDirectory, Instant)} does, with a server certificate that
	 * also names {@code hostNames}: a kept certificate that lacks one of them is
	 * replaced.
	 */
	static EmulatorTls loadOrCreate(StateDirectory state, Instant now, List<String> hostNames) {
		char[] keyStorePassword = password(state, KEY_STORE_PASSWORD_FILE);
		EmulatorCertificates.Issued ca = readKeyEntry(state.resolve(CA_FILE), CA_ALIAS, keyStorePassword)
			.filter((issued) -> validFor(issued.certificate(), now, RENEWAL_MARGIN))
			.orElse(null);
		boolean newCa = (ca == null);
		if (newCa) {
			ca = EmulatorCertificates.newCertificateAuthority(now);
			state.writeSecret(CA_FILE, keyStore(CA_ALIAS, ca, List.of(ca.certificate()), keyStorePassword));
			logger.info("Created a new certificate authority for the DPS emulator in {}; clients must trust {}",
					state.path(), state.resolve(TRUST_STORE_FILE));
		}
		X509Certificate caCertificate = ca.certificate();
		EmulatorCertificates.Issued server = newCa ? null
				: readKeyEntry(state.resolve(SERVER_FILE), SERVER_ALIAS, keyStorePassword)
					.filter((issued) -> issuedBy(issued.certificate(), caCertificate)
							&& validFor(issued.certificate(), now, RENEWAL_MARGIN)
							&& namesLocalhost(issued.certificate()) && namesAll(issued.certificate(), hostNames))
					.orElse(null);
		if (server == null) {
			server = EmulatorCertificates.newServerCertificate(ca, now, hostNames);
			state.writeSecret(SERVER_FILE,
					keyStore(SERVER_ALIAS, server, List.of(server.certificate(), caCertificate), keyStorePassword));
		}
		char[] trustStorePassword = password(state, TRUST_STORE_PASSWORD_FILE);
		Path trustStore = state.resolve(TRUST_STORE_FILE);
		if (!trusts(trustStore, trustStorePassword, caCertificate)) {
			state.writeSecret(TRUST_STORE_FILE, trustStore(caCertificate, trustStorePassword));
		}
		state.writeSecret(CA_PEM_FILE, pem(caCertificate));
		SSLContext context = serverContext(server, caCertificate, keyStorePassword);
		return new EmulatorTls(context, caCertificate, trustStore, new String(trustStorePassword));
	}

	private static byte[] pem(X509Certificate certificate) {
		try {
			String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
				.encodeToString(certificate.getEncoded());
			return ("-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n")
				.getBytes(StandardCharsets.US_ASCII);
		}
		catch (java.security.cert.CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The CA certificate as PEM ({@code ca.pem} in the state directory). */
	Path caCertificatePem() {
		return this.trustStore.resolveSibling(CA_PEM_FILE);
	}

	SSLContext serverContext() {
		return this.serverContext;
	}

	X509Certificate certificateAuthority() {
		return this.certificateAuthority;
	}

	Path trustStore() {
		return this.trustStore;
	}

	String trustStorePassword() {
		return this.trustStorePassword;
	}

	private static char[] password(StateDirectory state, String fileName) {
		Optional<String> existing = state.readText(fileName);
		if (existing.isPresent()) {
			return existing.get().toCharArray();
		}
		byte[] random = new byte[18];
		new SecureRandom().nextBytes(random);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		state.writeSecret(fileName, password.getBytes(StandardCharsets.US_ASCII));
		return password.toCharArray();
	}

	private static Optional<EmulatorCertificates.Issued> readKeyEntry(Path file, String alias, char[] password) {
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try (InputStream in = Files.newInputStream(file)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, password);
			if (store.getKey(alias, password) instanceof PrivateKey key
					&& store.getCertificate(alias) instanceof X509Certificate certificate) {
				return Optional.of(new EmulatorCertificates.Issued(key, certificate));
			}
			logger.warn("{} does not hold the expected entry; it is created again", file);
			return Optional.empty();
		}
		catch (IOException | GeneralSecurityException ex) {
			logger.warn("{} cannot be read ({}); it is created again", file, ex.toString());
			return Optional.empty();
		}
	}

	private static boolean trusts(Path trustStore, char[] password, X509Certificate ca) {
		if (!Files.isRegularFile(trustStore)) {
			return false;
		}
		try (InputStream in = Files.newInputStream(trustStore)) {
			KeyStore store = KeyStore.getInstance(TRUST_STORE_TYPE);
			store.load(in, password);
			return ca.equals(store.getCertificate(CA_ALIAS)) && store.size() == 1;
		}
		catch (IOException | GeneralSecurityException ex) {
			logger.warn("{} cannot be read ({}); it is exported again", trustStore, ex.toString());
			return false;
		}
	}

	private static boolean validFor(X509Certificate certificate, Instant now, Duration margin) {
		return certificate.getNotBefore().toInstant().isBefore(now)
				&& certificate.getNotAfter().toInstant().isAfter(now.plus(margin));
	}

	private static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
		try {
			certificate.verify(ca.getPublicKey());
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static boolean namesAll(X509Certificate certificate, List<String> hostNames) {
		try {
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			return hostNames.stream().allMatch((hostName) -> names.contains(List.of(2, hostName)));
		}
		catch (CertificateParsingException ex) {
			return false;
		}
	}

	private static boolean namesLocalhost(X509Certificate certificate) {
		try {
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			return names != null && names.contains(List.of(2, "localhost")) && names.contains(List.of(7, "127.0.0.1"));
		}
		catch (CertificateParsingException ex) {
			return false;
		}
	}

	private static byte[] keyStore(String alias, EmulatorCertificates.Issued entry, List<X509Certificate> chain,
			char[] password) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry(alias, entry.privateKey(), password, chain.toArray(Certificate[]::new));
			return toBytes(store, password);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("cannot build the emulator's key store", ex);
		}
	}

	private static byte[] trustStore(X509Certificate ca, char[] password) {
		try {
			KeyStore store = KeyStore.getInstance(TRUST_STORE_TYPE);
			store.load(null, null);
			store.setCertificateEntry(CA_ALIAS, ca);
			return toBytes(store, password);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("cannot build the emulator's trust store", ex);
		}
	}

	private static byte[] toBytes(KeyStore store, char[] password) throws IOException, GeneralSecurityException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		store.store(bytes, password);
		return bytes.toByteArray();
	}

	private static SSLContext serverContext(EmulatorCertificates.Issued server, X509Certificate ca, char[] password) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry(SERVER_ALIAS, server.privateKey(), password,
					new Certificate[] { server.certificate(), ca });
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(store, password);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers.getKeyManagers(), null, null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("cannot set up the emulator's TLS", ex);
		}
	}

}
