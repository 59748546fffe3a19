package io.dpsbatch.dps;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.GroupKey;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys, properties and protocol checks shared by the DPS client's tests. */
final class DpsFixtures {

	static final String ID_SCOPE = "0ne00000A0A";

	static final String API_VERSION = "2021-10-01";

	/** Microsoft's published group key (docs/dps.md#device-key-derivation). */
	static final String GROUP_KEY = "8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegxkqIChbqOS9Egw==";

	/**
	 * The registration ID of Microsoft's published vector, whose derived key is
	 * {@link #DERIVED_KEY}.
	 */
	static final String DEVICE = "sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6";

	static final String DERIVED_KEY = "Jsm0lyGpjaVYVP2g3FnmnmG9dI/9qU24wNoykUmermc=";

	static final String SECONDARY_GROUP_KEY = Base64.getEncoder()
		.encodeToString(
				"a secondary group key, 64 bytes long, for the tests only........".getBytes(StandardCharsets.US_ASCII));

	/** Small delays, so that retries and polls take milliseconds. */
	static final DpsTimings FAST = new DpsTimings(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(20),
			Duration.ofSeconds(5), Duration.ofMillis(500));

	static final Pattern SAS = Pattern
		.compile("SharedAccessSignature sr=([^&]+)&sig=([^&]+)&se=(\\d+)&skn=registration");

	private DpsFixtures() {
	}

	/**
	 * A client whose devices all go to the one group of {@code dps.id-scope} with these
	 * keys, as the application builds it for a default enrollment of
	 * {@code dps.group-key}.
	 */
	static DpsRegistrar registrar(DpsProperties properties, EnrollmentKeys keys, DpsTimings timings, Clock clock) {
		return new DpsRegistrar(properties,
				Enrollment.defaultGroup(properties.idScope(), properties.globalEndpoint(), keys), timings, clock);
	}

	static DpsRegistrar registrar(DpsProperties properties, EnrollmentKeys keys) {
		return registrar(properties, keys, DpsTimings.DEFAULTS, Clock.systemUTC());
	}

	static EnrollmentKeys primaryOnly() {
		return new EnrollmentKeys(GroupKey.fromBase64(GROUP_KEY), null);
	}

	static EnrollmentKeys withSecondary() {
		return new EnrollmentKeys(GroupKey.fromBase64(GROUP_KEY), GroupKey.fromBase64(SECONDARY_GROUP_KEY));
	}

	static Properties properties(URI endpoint, Path trustStore) {
		return new Properties(endpoint, trustStore);
	}

	/**
	 * Checks an Authorization header as DPS would: its format, its resource, and its
	 * signature, recomputed here with the JDK's HMAC from the given device key.
	 * @return the expiry ({@code se})
	 */
	static long assertSignedFor(String authorization, String registrationId, String deviceKeyBase64) {
		Matcher sas = SAS.matcher(authorization);
		assertThat(sas.matches()).as("SAS header format of %s", authorization).isTrue();
		String encodedResource = sas.group(1);
		assertThat(encodedResource).isEqualTo(ID_SCOPE + "%2Fregistrations%2F" + registrationId);
		String signature = URLDecoder.decode(sas.group(2), StandardCharsets.UTF_8);
		long expiry = Long.parseLong(sas.group(3));
		assertThat(signature).isEqualTo(hmac(deviceKeyBase64, encodedResource + "\n" + expiry));
		return expiry;
	}

	static String deviceKey(String groupKeyBase64, String registrationId) {
		return hmac(groupKeyBase64, registrationId);
	}

	static String hmac(String keyBase64, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(keyBase64), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@link DpsProperties} for tests, with quick time limits; change what a test is
	 * about.
	 */
	static final class Properties {

		private URI endpoint;

		private Path trustStore;

		private String apiVersion = API_VERSION;

		private int maxInFlight = 16;

		private Duration sasTokenTtl = Duration.ofHours(1);

		private String trustStorePassword = TestTls.PASSWORD;

		private String trustStoreType = "PKCS12";

		private String idScope = ID_SCOPE;

		private int registrationsPerMinute = 6000;

		private int maxAttempts = 3;

		private Duration requestTimeout = Duration.ofSeconds(5);

		private Duration registrationTimeout = Duration.ofSeconds(20);

		private int maxConnections = 64;

		private Properties(URI endpoint, Path trustStore) {
			this.endpoint = endpoint;
			this.trustStore = trustStore;
		}

		Properties endpoint(URI endpoint) {
			this.endpoint = endpoint;
			return this;
		}

		Properties trustStore(Path trustStore) {
			this.trustStore = trustStore;
			return this;
		}

		Properties apiVersion(String apiVersion) {
			this.apiVersion = apiVersion;
			return this;
		}

		Properties maxInFlight(int maxInFlight) {
			this.maxInFlight = maxInFlight;
			return this;
		}

		Properties sasTokenTtl(Duration sasTokenTtl) {
			this.sasTokenTtl = sasTokenTtl;
			return this;
		}

		Properties idScope(String idScope) {
			this.idScope = idScope;
			return this;
		}

		Properties trustStorePassword(String password) {
			this.trustStorePassword = password;
			return this;
		}

		Properties trustStoreType(String type) {
			this.trustStoreType = type;
			return this;
		}

		Properties registrationsPerMinute(int registrationsPerMinute) {
			this.registrationsPerMinute = registrationsPerMinute;
			return this;
		}

		Properties maxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
			return this;
		}

		Properties requestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
			return this;
		}

		Properties registrationTimeout(Duration registrationTimeout) {
			this.registrationTimeout = registrationTimeout;
			return this;
		}

		Properties maxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
			return this;
		}

		DpsProperties build() {
			return new DpsProperties(this.endpoint, this.idScope, this.apiVersion, GROUP_KEY, null, null, null,
					this.trustStore, this.trustStorePassword, this.trustStoreType, this.maxInFlight,
					this.registrationsPerMinute, this.maxAttempts, this.requestTimeout, this.registrationTimeout,
					this.sasTokenTtl, null, this.maxConnections, 900);
		}

	}

}
