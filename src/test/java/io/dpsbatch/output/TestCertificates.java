package io.dpsbatch.output;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed station certificates made for a test, with their private keys, as PEM files
 * in the test's folder: nothing secret is checked in.
 */
public final class TestCertificates {

	private TestCertificates() {
	}

	/** A station: its certificate and private key files. */
	public record Station(Path certificate, Path privateKey) {
	}

	public static Station rsa(Path folder, String name, int bits) {
		return create(folder, name, "RSA", bits, null, Instant.now().minus(Duration.ofDays(1)),
				Instant.now().plus(Duration.ofDays(365)));
	}

	public static Station ec(Path folder, String name, String curve) {
		return create(folder, name, "EC", 0, curve, Instant.now().minus(Duration.ofDays(1)),
				Instant.now().plus(Duration.ofDays(365)));
	}

	public static Station rsaValid(Path folder, String name, Instant from, Instant to) {
		return create(folder, name, "RSA", 2048, null, from, to);
	}

	private static Station create(Path folder, String name, String algorithm, int bits, String curve, Instant from,
			Instant to) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
			if (curve != null) {
				generator.initialize(new ECGenParameterSpec(curve));
			}
			else {
				generator.initialize(bits);
			}
			KeyPair keys = generator.generateKeyPair();
			X500Name subject = new X500Name("CN=" + name);
			var certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject,
					BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(to), subject, keys.getPublic())
				.build(new JcaContentSignerBuilder((curve != null) ? "SHA256withECDSA" : "SHA256withRSA")
					.build(keys.getPrivate())));
			return new Station(Files.writeString(folder.resolve(name + ".pem"), pem(certificate)),
					Files.writeString(folder.resolve(name + ".key"), pem(keys.getPrivate())));
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** PEM as OpenSSL reads it: a certificate, or a private key. */
	private static String pem(Object object) throws IOException {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			// private keys as PKCS#8 (BEGIN PRIVATE KEY), with a named curve for EC: what
			// OpenSSL 3 reads best
			writer.writeObject((object instanceof PrivateKey key) ? new JcaPKCS8Generator(key, null) : object);
		}
		return text.toString();
	}

}
