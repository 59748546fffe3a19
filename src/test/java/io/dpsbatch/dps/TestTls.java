package io.dpsbatch.dps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate made with the JDK's keytool, for HTTPS test servers:
 * the key store the server presents, and a trust store with just that certificate, as
 * {@code dps.trust-store} expects.
 *
 * @param keyStore PKCS12 key store with the server's key and certificate
 * @param trustStore PKCS12 trust store with the certificate only
 * @param password the password of both
 */
public record TestTls(Path keyStore, Path trustStore, String password) {

	static final String PASSWORD = "test-only-password";

	/** A certificate for {@code localhost} and {@code 127.0.0.1}. */
	static TestTls localhost(Path directory) {
		return create(directory, "localhost", "dns:localhost,ip:127.0.0.1");
	}

	/**
	 * @param name a file-name prefix
	 * @param subjectAlternativeNames keytool's SAN syntax, e.g.
	 * {@code dns:localhost,ip:127.0.0.1}
	 */
	public static TestTls create(Path directory, String name, String subjectAlternativeNames) {
		Path keyStore = directory.resolve(name + "-server.p12");
		Path trustStore = directory.resolve(name + "-trust.p12");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		run(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=" + name, "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2", "-storetype", "PKCS12",
				"-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
		try {
			KeyStore server = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keyStore)) {
				server.load(in, PASSWORD.toCharArray());
			}
			Certificate certificate = server.getCertificate("server");
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("dps-test-server", certificate);
			try (OutputStream out = Files.newOutputStream(trustStore)) {
				trust.store(out, PASSWORD.toCharArray());
			}
		}
		catch (IOException | java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("cannot make the test trust store", ex);
		}
		return new TestTls(keyStore, trustStore, PASSWORD);
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run keytool", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running keytool", ex);
		}
	}

}
