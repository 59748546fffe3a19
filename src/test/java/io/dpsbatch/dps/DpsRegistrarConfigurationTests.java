package io.dpsbatch.dps;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration the client cannot work with is refused up front, with what to fix. */
class DpsRegistrarConfigurationTests {

	private static final URI ENDPOINT = URI.create("https://dps.example.test");

	@TempDir
	static Path tempDir;

	private static TestTls tls;

	@BeforeAll
	static void makeTrustStore() {
		tls = TestTls.localhost(tempDir);
	}

	@Test
	void acceptsAWorkingConfiguration() {
		assertThatNoException()
			.isThrownBy(() -> DpsFixtures.registrar(valid().build(), DpsFixtures.primaryOnly()).close());
		assertThatNoException().isThrownBy(
				() -> DpsFixtures.registrar(valid().trustStore(null).build(), DpsFixtures.primaryOnly()).close());
	}

	@Test
	void needsAnIdScope() {
		assertRefused(valid().idScope(null), "dps.id-scope is not set: set DPS_ID_SCOPE or dps.id-scope");
		assertRefused(valid().idScope("  "), "dps.id-scope is not set");
	}

	@Test
	void needsAnHttpsEndpoint() {
		assertRefused(valid().endpoint(URI.create("http://dps.example.test")),
				"dps.global-endpoint must be an https:// URL with a host name");
		assertRefused(valid().endpoint(URI.create("https:relative")), "dps.global-endpoint must be an https:// URL");
		assertRefused(valid().endpoint(null), "dps.global-endpoint must be an https:// URL");
	}

	@Test
	void needsAnApiVersion() {
		assertRefused(valid().apiVersion(""), "dps.api-version is not set");
	}

	@Test
	void needsCountsOfAtLeastOne() {
		assertRefused(valid().maxInFlight(0), "dps.max-in-flight must be at least 1, not 0");
		assertRefused(valid().registrationsPerMinute(-5), "dps.registrations-per-minute must be at least 1, not -5");
		assertRefused(valid().maxAttempts(0), "dps.max-attempts must be at least 1, not 0");
	}

	@Test
	void needsPositiveDurations() {
		assertRefused(valid().requestTimeout(Duration.ZERO), "dps.request-timeout must be a positive duration");
		assertRefused(valid().registrationTimeout(Duration.ofSeconds(-1)),
				"dps.registration-timeout must be a positive duration");
		assertRefused(valid().sasTokenTtl(null), "dps.sas-token-ttl must be a positive duration");
	}

	@Test
	void trustStoreMustExist() {
		Path missing = tempDir.resolve("missing.p12");

		assertRefused(valid().trustStore(missing), "cannot read dps.trust-store " + missing + ": no such file");
	}

	@Test
	void trustStoreMustOpenWithItsPassword() {
		assertThatThrownBy(() -> DpsFixtures.registrar(valid().trustStorePassword("wrong-secret-123").build(),
				DpsFixtures.primaryOnly()))
			.isInstanceOf(DpsConfigurationException.class)
			.hasMessageStartingWith("cannot read dps.trust-store " + tls.trustStore() + " as PKCS12: ")
			.hasMessageContaining("check dps.trust-store-password and dps.trust-store-type")
			.hasMessageNotContaining("wrong-secret-123");
	}

	@Test
	void trustStoreTypeMustBeKnown() {
		assertRefused(valid().trustStoreType("NOPE"), "dps.trust-store-type 'NOPE' is not a key store type");
	}

	@Test
	void trustStoreMustHoldACertificate() throws Exception {
		Path empty = tempDir.resolve("empty.p12");
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		try (OutputStream out = Files.newOutputStream(empty)) {
			store.store(out, TestTls.PASSWORD.toCharArray());
		}

		assertRefused(valid().trustStore(empty), "dps.trust-store " + empty + " holds no certificate to trust");
	}

	private static DpsFixtures.Properties valid() {
		return DpsFixtures.properties(ENDPOINT, tls.trustStore());
	}

	private static void assertRefused(DpsFixtures.Properties properties, String message) {
		assertThatThrownBy(() -> DpsFixtures.registrar(properties.build(), DpsFixtures.primaryOnly()))
			.isInstanceOf(DpsConfigurationException.class)
			.hasMessageStartingWith(message)
			.hasMessageNotContaining(DpsFixtures.GROUP_KEY)
			.hasMessageNotContaining(TestTls.PASSWORD);
	}

}
