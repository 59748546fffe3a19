package io.dpsbatch.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JceAsymmetricKeyWrapper;

/**
 * The certificates of {@code batch.credentials-recipients}, checked, and the CMS
 * EnvelopedData (RFC 5652) that only their private keys open: AES-256-CBC content
 * encryption, RSAES-OAEP (SHA-256) key transport for an RSA certificate, ephemeral-static
 * ECDH (X9.63 KDF with SHA-256) with AES-256 key wrap for an EC one (RFC 5753). Stock
 * OpenSSL reads it: {@code openssl cms -decrypt -binary -inform DER ...}.
 * <p>
 * The plaintext goes straight from the CSV printer into the cipher: only the ciphertext
 * is held, in memory, so that the file can be DER (definite lengths) as the contract
 * says.
 */
final class CredentialRecipients {

	private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

	private static final int MIN_RSA_BITS = 2048;

	private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(SECObjectIdentifiers.secp256r1,
			SECObjectIdentifiers.secp384r1);

	private final List<X509Certificate> certificates;

	private CredentialRecipients(List<X509Certificate> certificates) {
		this.certificates = certificates;
	}

	/**
	 * Reads and checks every certificate of every file (a file may hold several).
	 * @throws CredentialRecipientsException naming the first file that cannot be used and
	 * why
	 */
	static CredentialRecipients load(List<Path> files, Instant now) {
		List<X509Certificate> certificates = new ArrayList<>();
		for (Path file : files) {
			for (X509Certificate certificate : read(file)) {
				String problem = problemWith(certificate, now);
				if (problem != null) {
					throw refused(file, problem);
				}
				certificates.add(certificate);
			}
		}
		return new CredentialRecipients(List.copyOf(certificates));
	}

	boolean isEmpty() {
		return this.certificates.isEmpty();
	}

	/**
	 * Writes the EnvelopedData (DER) of what {@code content} writes, for every recipient.
	 */
	void encrypt(OutputStream out, Content content) throws IOException {
		try {
			CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
			for (X509Certificate certificate : this.certificates) {
				generator.addRecipientInfoGenerator(recipientInfo(certificate));
			}
			CMSTypedData plaintext = new CMSTypedData() {
				@Override
				public ASN1ObjectIdentifier getContentType() {
					return CMSObjectIdentifiers.data;
				}

				@Override
				public void write(OutputStream cipher) throws IOException {
					content.write(cipher);
				}

				@Override
				public Object getContent() {
					return null; // never held: written on demand
				}
			};
			out.write(
					generator
						.generate(plaintext,
								new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(BOUNCY_CASTLE)
									.build())
						.toASN1Structure()
						.getEncoded(ASN1Encoding.DER));
		}
		catch (CMSException | GeneralSecurityException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IllegalStateException("cannot encrypt the credentials: " + ex.getMessage(), ex);
		}
	}

	private static RecipientInfoGenerator recipientInfo(X509Certificate certificate) throws GeneralSecurityException {
		PublicKey key = certificate.getPublicKey();
		if (key instanceof RSAPublicKey) {
			OAEPParameterSpec oaep = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
					PSource.PSpecified.DEFAULT);
			return new JceKeyTransRecipientInfoGenerator(certificate,
					new JceAsymmetricKeyWrapper(oaep, key).setProvider(BOUNCY_CASTLE))
				.setProvider(BOUNCY_CASTLE);
		}
		// a fresh ephemeral key on the recipient's curve for every file (RFC 5753
		// ephemeral-static ECDH)
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BOUNCY_CASTLE);
		generator.initialize(((ECPublicKey) key).getParams());
		KeyPair ephemeral = generator.generateKeyPair();
		return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF, ephemeral.getPrivate(),
				ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
			.addRecipient(certificate)
			.setProvider(BOUNCY_CASTLE);
	}

	private static List<X509Certificate> read(Path file) {
		Collection<? extends java.security.cert.Certificate> read;
		try (InputStream in = Files.newInputStream(file)) {
			read = CertificateFactory.getInstance("X.509").generateCertificates(in);
		}
		catch (IOException ex) {
			throw refused(file, "cannot be read (" + PrivateFiles.describe(ex) + ")");
		}
		catch (CertificateException ex) {
			throw refused(file, "is not a PEM X.509 certificate");
		}
		if (read.isEmpty()) {
			throw refused(file, "holds no certificate (a PEM X.509 certificate is expected)");
		}
		return read.stream().map(X509Certificate.class::cast).toList();
	}

	/** Why the certificate cannot be a recipient, or {@code null}. */
	private static String problemWith(X509Certificate certificate, Instant now) {
		String subject = certificate.getSubjectX500Principal().getName();
		try {
			certificate.checkValidity(Date.from(now));
		}
		catch (CertificateExpiredException ex) {
			return "holds certificate " + subject + ", which expired on " + certificate.getNotAfter().toInstant();
		}
		catch (CertificateNotYetValidException ex) {
			return "holds certificate " + subject + ", which is not valid before "
					+ certificate.getNotBefore().toInstant();
		}
		PublicKey key = certificate.getPublicKey();
		if (key instanceof RSAPublicKey rsa) {
			int bits = rsa.getModulus().bitLength();
			return (bits < MIN_RSA_BITS) ? "holds certificate " + subject + ", whose RSA key of " + bits
					+ " bits is too weak: at least " + MIN_RSA_BITS : null;
		}
		if (key instanceof ECPublicKey) {
			ASN1Encodable curve = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm().getParameters();
			return CURVES.contains(curve) ? null : "holds certificate " + subject + ", whose EC key is on curve "
					+ curve + "; only P-256 and P-384 are accepted";
		}
		return "holds certificate " + subject + ", which has a " + key.getAlgorithm() + " key; only RSA ("
				+ MIN_RSA_BITS + " bits or more) and EC P-256 / P-384 are accepted";
	}

	private static CredentialRecipientsException refused(Path file, String reason) {
		return new CredentialRecipientsException("batch.credentials-recipients: " + file + " " + reason);
	}

	/** The plaintext, written into the cipher. */
	@FunctionalInterface
	interface Content {

		void write(OutputStream out) throws IOException;

	}

}
