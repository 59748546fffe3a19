package io.dpsbatch.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.dpsbatch.keys.DeviceKey;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.keys.SasToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A device-side client of the emulator for tests: the JDK HttpClient trusting only the
 * emulator's exported trust store, requests signed with {@link SasToken} and keys derived
 * with {@link GroupKey}.
 */
final class EmulatorClient {

	static final String API_VERSION = "2021-10-01";

	static final JsonMapper json = JsonMapper.builder().build();

	private final DpsEmulator emulator;

	private final HttpClient http;

	EmulatorClient(DpsEmulator emulator) {
		this(emulator, trusting(emulator.trustStore(), emulator.trustStorePassword(), emulator.trustStoreType()));
	}

	EmulatorClient(DpsEmulator emulator, SSLContext sslContext) {
		this.emulator = emulator;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.sslContext(sslContext)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/**
	 * Emulator properties with quick test defaults (100 ms assignment, Retry-After 1, no
	 * poll limit) and the given state directory, changed by {@code name=value} pairs of
	 * {@code emulator.*} properties (without the prefix).
	 */
	static EmulatorProperties quickProperties(Path stateDir, String... properties) {
		Map<String, String> map = new HashMap<>();
		map.put("emulator.state-dir", stateDir.toString());
		map.put("emulator.assignment-delay", "100ms");
		map.put("emulator.poll-limit-enabled", "false");
		map.put("emulator.retry-after", "1");
		for (String property : properties) {
			int equals = property.indexOf('=');
			map.put("emulator." + property.substring(0, equals), property.substring(equals + 1));
		}
		return EmulatorProperties.bind(map);
	}

	/** An SSLContext that trusts the given store and nothing else. */
	static SSLContext trusting(Path trustStore, String password, String type) {
		try (InputStream in = Files.newInputStream(trustStore)) {
			KeyStore store = KeyStore.getInstance(type);
			store.load(in, password.toCharArray());
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The SAS header a device signs with a key derived from {@code groupKey}, as SasToken
	 * builds it.
	 */
	String sas(String registrationId, String groupKey) {
		return SasToken
			.create(this.emulator.idScope(), registrationId, deviceKey(groupKey, registrationId),
					Instant.now().plus(Duration.ofHours(1)))
			.headerValue();
	}

	static DeviceKey deviceKey(String groupKey, String registrationId) {
		return GroupKey.fromBase64(groupKey).deriveDeviceKey(registrationId);
	}

	/**
	 * A SAS header with {@code sr} spelled exactly as given (already encoded or not) and
	 * any skn part.
	 */
	static String sasWithSr(String sr, DeviceKey deviceKey, long se, String sknPart) {
		byte[] signature = deviceKey.sign((sr + "\n" + se).getBytes(StandardCharsets.UTF_8));
		String sig = URLEncoder.encode(Base64.getEncoder().encodeToString(signature), StandardCharsets.UTF_8);
		return "SharedAccessSignature sr=" + sr + "&sig=" + sig + "&se=" + se + sknPart;
	}

	String groupKey() {
		return this.emulator.groupKey();
	}

	static String body(String registrationId) {
		return "{\"registrationId\":\"" + registrationId + "\"}";
	}

	HttpResponse<String> register(String registrationId) {
		return register(registrationId, sas(registrationId, this.emulator.groupKey()));
	}

	HttpResponse<String> register(String registrationId, String authorization) {
		return send("PUT", path(registrationId) + "/register?api-version=" + API_VERSION, authorization,
				body(registrationId));
	}

	HttpResponse<String> poll(String registrationId, String operationId) {
		return send("GET", path(registrationId) + "/operations/" + operationId + "?api-version=" + API_VERSION,
				sas(registrationId, this.emulator.groupKey()), null);
	}

	HttpResponse<String> lookup(String registrationId) {
		return send("POST", path(registrationId) + "?api-version=" + API_VERSION,
				sas(registrationId, this.emulator.groupKey()), body(registrationId));
	}

	/**
	 * Registers with an instance of any ID scope, signed with the given device key
	 * (derived or individual).
	 */
	HttpResponse<String> register(String idScope, String registrationId, DeviceKey key) {
		return send("PUT", "/" + idScope + "/registrations/" + registrationId + "/register?api-version=" + API_VERSION,
				sas(idScope, registrationId, key), body(registrationId));
	}

	/**
	 * Registers as {@link #register(String, String, DeviceKey)} and polls until the
	 * operation is no longer assigning.
	 */
	JsonNode registerAndAwait(String idScope, String registrationId, DeviceKey key) {
		HttpResponse<String> registered = register(idScope, registrationId, key);
		if (registered.statusCode() != 202) {
			throw new AssertionError("register answered " + registered.statusCode() + ": " + registered.body());
		}
		String operationId = json(registered).get("operationId").stringValue();
		return eventually(Duration.ofSeconds(15), () -> {
			HttpResponse<String> polled = send("GET", "/" + idScope + "/registrations/" + registrationId
					+ "/operations/" + operationId + "?api-version=" + API_VERSION, sas(idScope, registrationId, key),
					null);
			if (polled.statusCode() == 200) {
				return Optional.of(json(polled));
			}
			if (polled.statusCode() != 202) {
				throw new AssertionError("poll answered " + polled.statusCode() + ": " + polled.body());
			}
			return Optional.empty();
		});
	}

	static String sas(String idScope, String registrationId, DeviceKey key) {
		return SasToken.create(idScope, registrationId, key, Instant.now().plus(Duration.ofHours(1))).headerValue();
	}

	String path(String registrationId) {
		return "/" + this.emulator.idScope() + "/registrations/" + registrationId;
	}

	/** Sends a request; {@code authorization} and {@code body} may be null. */
	HttpResponse<String> send(String method, String pathAndQuery, String authorization, String body) {
		try {
			return sendOrFail(method, pathAndQuery, authorization, body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	HttpResponse<String> sendOrFail(String method, String pathAndQuery, String authorization, String body)
			throws IOException {
		return sendOrFail(method, pathAndQuery, authorization, body, new String[0]);
	}

	/**
	 * Sends a request with extra headers, {@code name, value} pairs;
	 * {@code authorization} and {@code body} may be null.
	 */
	HttpResponse<String> sendOrFail(String method, String pathAndQuery, String authorization, String body,
			String... headers) throws IOException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.emulator.endpoint() + pathAndQuery))
			.timeout(Duration.ofSeconds(10))
			.header("Accept", "application/json")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json; charset=utf-8");
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	/**
	 * Registers and polls until the operation is no longer assigning; returns the final
	 * poll's body.
	 */
	JsonNode registerAndAwait(String registrationId) {
		HttpResponse<String> registered = register(registrationId);
		if (registered.statusCode() != 202) {
			throw new AssertionError("register answered " + registered.statusCode() + ": " + registered.body());
		}
		return awaitCompleted(registrationId, json(registered).get("operationId").stringValue());
	}

	JsonNode awaitCompleted(String registrationId, String operationId) {
		return eventually(Duration.ofSeconds(15), () -> {
			HttpResponse<String> polled = poll(registrationId, operationId);
			if (polled.statusCode() == 200) {
				return Optional.of(json(polled));
			}
			if (polled.statusCode() != 202) {
				throw new AssertionError("poll answered " + polled.statusCode() + ": " + polled.body());
			}
			return Optional.empty();
		});
	}

	/**
	 * Retries {@code attempt} every 50 ms until it gives a value; fails after
	 * {@code timeout}.
	 */
	static <T> T eventually(Duration timeout, Supplier<Optional<T>> attempt) {
		return await().atMost(timeout)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(50))
			.until(attempt::get, Optional::isPresent)
			.get();
	}

}
