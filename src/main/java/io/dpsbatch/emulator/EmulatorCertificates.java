package io.dpsbatch.emulator;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the emulator's TLS certificates with BouncyCastle: a private certificate
 * authority, which is all a client has to trust, and a server certificate for
 * {@code localhost} and {@code 127.0.0.1} signed by it. Keeping the CA separate lets a
 * server certificate be renewed without clients noticing. Keys are EC P-256: handshakes
 * are much cheaper than with RSA, which matters when a batch opens hundreds of
 * connections. Only the JDK's providers are used, no provider is registered globally.
 */
final class EmulatorCertificates {

	static final Duration CA_VALIDITY = Duration.ofDays(3650);

	/**
	 * Well under the CA's validity; renewed from the same CA when it gets close to its
	 * end.
	 */
	static final Duration SERVER_VALIDITY = Duration.ofDays(825);

	/** Tolerates clients whose clock is a little behind ours. */
	private static final Duration BACKDATING = Duration.ofHours(1);

	private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

	private static final SecureRandom RANDOM = new SecureRandom();

	/** A private key with its certificate. */
	record Issued(PrivateKey privateKey, X509Certificate certificate) {

		@Override
		public String toString() {
			return "Issued[" + this.certificate.getSubjectX500Principal() + ", key hidden]";
		}

	}

	private EmulatorCertificates() {
	}

	static Issued newCertificateAuthority(Instant now) {
		KeyPair keys = newKeyPair();
		// the time in the name tells two CAs apart, for example in a browser's or an OS's
		// trust list
		X500Name name = new X500Name("CN=dps-batch DPS emulator CA " + now.getEpochSecond() + ",O=dps-batch");
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, newSerial(),
					Date.from(now.minus(BACKDATING)), Date.from(now.plus(CA_VALIDITY)), name, keys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(keys.getPublic()));
			return new Issued(keys.getPrivate(), sign(builder, keys.getPrivate()));
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("cannot create the emulator's certificate authority", ex);
		}
	}

	static Issued newServerCertificate(Issued authority, Instant now) {
		return newServerCertificate(authority, now, List.of());
	}

	/**
	 * A server certificate for {@code localhost}, 127.0.0.1 and {@code hostNames} (the
	 * instances' service host names, which clients of the service API verify).
	 */
	static Issued newServerCertificate(Issued authority, Instant now, List<String> hostNames) {
		KeyPair keys = newKeyPair();
		X509Certificate ca = authority.certificate();
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, newSerial(),
					Date.from(now.minus(BACKDATING)), Date.from(earliest(now.plus(SERVER_VALIDITY), ca)),
					new X500Name("CN=localhost,O=dps-batch"), keys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			builder.addExtension(Extension.extendedKeyUsage, false,
					new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(subjectAlternativeNames(hostNames)));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(keys.getPublic()));
			builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
			return new Issued(keys.getPrivate(), sign(builder, authority.privateKey()));
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("cannot create the emulator's server certificate", ex);
		}
	}

	private static GeneralName[] subjectAlternativeNames(List<String> hostNames) {
		List<GeneralName> names = new ArrayList<>();
		names.add(new GeneralName(GeneralName.dNSName, "localhost"));
		names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
		for (String hostName : hostNames) {
			names.add(new GeneralName(GeneralName.dNSName, hostName));
		}
		return names.toArray(GeneralName[]::new);
	}

	private static Instant earliest(Instant instant, X509Certificate issuer) {
		Instant issuerEnd = issuer.getNotAfter().toInstant();
		return instant.isBefore(issuerEnd) ? instant : issuerEnd;
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
			throws GeneralSecurityException {
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey)));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException("cannot sign with " + SIGNATURE_ALGORITHM, ex);
		}
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("EC P-256 keys are not available", ex);
		}
	}

	private static BigInteger newSerial() {
		// positive and at most 20 bytes, as RFC 5280 requires
		return new BigInteger(127, RANDOM).add(BigInteger.ONE);
	}

}
