package io.dpsbatch.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw recipe of "How to use symmetric keys over HTTPS without an SDK"
 * (learn.microsoft.com/azure/iot-dps/ iot-dps-https-sym-key-support), sent byte for byte
 * as its curl commands send it: the device key derived as its openssl one-liner does, the
 * SAS token as its Python {@code generate_sas_token} builds it ({@code quote_plus} of the
 * resource URI signed, {@code urlencode} of sr, sig, se, skn=registration), register,
 * poll every Retry-After with the same token, then the status lookup of the REST
 * reference. What comes back is compared with the doc's example answers, status lines and
 * header names included.
 */
class DocumentedRecipeTests {

	@TempDir
	static Path stateDir;

	private DpsEmulator emulator;

	@AfterEach
	void close() {
		this.emulator.close();
	}

	/**
	 * Python's urllib.parse.quote_plus: all but letters, digits and _.-~ percent-encoded
	 * in upper case.
	 */
	static String quotePlus(String text) {
		StringBuilder quoted = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_.-~".indexOf(c) >= 0) {
				quoted.append(c);
			}
			else if (c == ' ') {
				quoted.append('+');
			}
			else {
				quoted.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
			}
		}
		return quoted.toString();
	}

	private static byte[] hmacSha256(byte[] key, byte[] message) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(message);
	}

	/** The doc's generate_sas_token(uri, key, 'registration', expiry). */
	static String docSasToken(String uri, String deviceKey, long expiry) throws Exception {
		long ttl = Instant.now().getEpochSecond() + expiry;
		String signKey = quotePlus(uri) + "\n" + ttl;
		String signature = Base64.getEncoder()
			.encodeToString(
					hmacSha256(Base64.getDecoder().decode(deviceKey), signKey.getBytes(StandardCharsets.UTF_8)));
		return "SharedAccessSignature sr=" + quotePlus(uri) + "&sig=" + quotePlus(signature) + "&se=" + ttl
				+ "&skn=registration";
	}

	/** A raw answer: status line, headers with their names as sent, body. */
	record Answer(String statusLine, Map<String, String> headers, String body) {

		JsonNode json() {
			return EmulatorClient.json.readTree(this.body);
		}

	}

	/**
	 * One request on its own TLS connection, written exactly as given; the answer read as
	 * it comes.
	 */
	private Answer send(String request) throws Exception {
		try (SSLSocket socket = (SSLSocket) EmulatorClient
			.trusting(this.emulator.trustStore(), this.emulator.trustStorePassword(), this.emulator.trustStoreType())
			.getSocketFactory()
			.createSocket("localhost", this.emulator.endpoint().getPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			String statusLine = readLine(in);
			Map<String, String> headers = new LinkedHashMap<>();
			for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
				int colon = line.indexOf(':');
				headers.put(line.substring(0, colon), line.substring(colon + 1).strip());
			}
			int length = Integer.parseInt(headerIgnoringCase(headers, "Content-Length"));
			return new Answer(statusLine, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
		}
	}

	private static String headerIgnoringCase(Map<String, String> headers, String name) {
		return headers.entrySet()
			.stream()
			.filter((header) -> header.getKey().equalsIgnoreCase(name))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + name + " in " + headers));
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("the connection ended within a line");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * curl -L -i -X PUT|GET -H 'Content-Type: application/json' -H 'Content-Encoding:
	 * utf-8' -H 'Authorization: …' [-d …]
	 */
	private String curl(String method, String pathAndQuery, String sasToken, String data) {
		StringBuilder request = new StringBuilder().append(method)
			.append(' ')
			.append(pathAndQuery)
			.append(" HTTP/1.1\r\nHost: localhost:")
			.append(this.emulator.endpoint().getPort())
			.append("\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\nContent-Type: application/json\r\n")
			.append("Content-Encoding:  utf-8\r\nAuthorization: ")
			.append(sasToken)
			.append("\r\n");
		if (data != null) {
			request.append("Content-Length: ").append(data.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
		}
		request.append("\r\n");
		if (data != null) {
			request.append(data);
		}
		return request.toString();
	}

	@Test
	void theDocumentedRecipeRegistersADevice() throws Exception {
		this.emulator = DpsEmulator.start(EmulatorProperties.bind(Map.of("emulator.state-dir", stateDir.toString())),
				Clock.systemUTC());
		String scope = this.emulator.idScope();
		String registrationId = "my-symkey-device";
		// KEY=…; keybytes=$(echo $KEY | base64 --decode | xxd -p -u -c 1000) echo -n
		// $REG_ID | openssl sha256 -mac HMAC -macopt hexkey:$keybytes -binary | base64
		String deviceKey = Base64.getEncoder()
			.encodeToString(hmacSha256(Base64.getDecoder().decode(this.emulator.groupKey()),
					registrationId.getBytes(StandardCharsets.UTF_8)));
		String sasToken = docSasToken(scope + "/registrations/" + registrationId, deviceKey, 2592000);
		String registrations = "/" + scope + "/registrations/" + registrationId;

		Answer registered = send(curl("PUT", registrations + "/register?api-version=2021-06-01", sasToken,
				"{\"registrationId\": \"" + registrationId + "\"}"));

		assertThat(registered.statusLine()).isEqualTo("HTTP/1.1 202 Accepted");
		assertThat(registered.headers()).containsEntry("Content-Type", "application/json; charset=utf-8")
			.containsEntry("Location", this.emulator.endpoint() + registrations + "/register")
			.containsEntry("Retry-After", "3")
			.containsEntry("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
			.containsKey("x-ms-request-id");
		String operationId = registered.json().get("operationId").stringValue();
		assertThat(registered.json()).isEqualTo(
				EmulatorClient.json.readTree("{\"operationId\":\"" + operationId + "\",\"status\":\"assigning\"}"));

		List<Answer> polls = new ArrayList<>();
		Answer latest = registered;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (latest.statusLine().equals("HTTP/1.1 202 Accepted") && System.nanoTime() - deadline < 0) {
			waitSeconds(Integer.parseInt(latest.headers().get("Retry-After")));
			latest = send(curl("GET", registrations + "/operations/" + operationId + "?api-version=2021-06-01",
					sasToken, null));
			polls.add(latest);
		}

		assertThat(latest.statusLine()).isEqualTo("HTTP/1.1 200 OK");
		assertThat(latest.headers()).containsEntry("Content-Type", "application/json; charset=utf-8")
			.containsKey("x-ms-request-id")
			.doesNotContainKey("Retry-After");
		JsonNode state = latest.json().get("registrationState");
		assertThat(latest.json().get("status").stringValue()).isEqualTo("assigned");
		assertThat(state.get("registrationId").stringValue()).isEqualTo(registrationId);
		assertThat(state.get("deviceId").stringValue()).isEqualTo(registrationId);
		assertThat(state.get("substatus").stringValue()).isEqualTo("initialAssignment");
		assertThat(state.get("assignedHub").stringValue()).isIn(EmulatorProperties.DEFAULT_HUBS);
		assertThat(state.get("createdDateTimeUtc").stringValue()).matches(".*T.*\\.\\d{7}Z");

		// Device Registration Status Lookup (REST reference): POST with the
		// DeviceRegistration body
		Answer lookup = send(curl("POST", registrations + "?api-version=2021-06-01", sasToken,
				"{\"registrationId\": \"" + registrationId + "\"}"));
		assertThat(lookup.statusLine()).isEqualTo("HTTP/1.1 200 OK");
		assertThat(lookup.json()).isEqualTo(state);

		EmulatorCounts counts = this.emulator.counts();
		assertThat(counts.registerCalls()).isEqualTo(1);
		assertThat(counts.pollCalls()).isEqualTo(polls.size());
		assertThat(counts.throttled()).as("polling every Retry-After stays within 5 polls per 10 s").isZero();
	}

	@Test
	void theCaCertificateIsThereAsPemForCurl() throws Exception {
		this.emulator = DpsEmulator.start(EmulatorProperties.bind(Map.of("emulator.state-dir", stateDir.toString())),
				Clock.systemUTC());

		java.security.cert.Certificate fromPem;
		try (InputStream in = java.nio.file.Files.newInputStream(this.emulator.caCertificatePem())) {
			fromPem = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
		java.security.KeyStore trustStore = java.security.KeyStore.getInstance("PKCS12");
		try (InputStream in = java.nio.file.Files.newInputStream(this.emulator.trustStore())) {
			trustStore.load(in, this.emulator.trustStorePassword().toCharArray());
		}
		assertThat(trustStore.getCertificateAlias(fromPem)).isNotNull();
		assertThat(java.nio.file.Files.readString(this.emulator.caCertificatePem()))
			.startsWith("-----BEGIN CERTIFICATE-----\n");
	}

	@Test
	void aTokenSignedWithAnotherKeyIsRefusedAsDpsRefusesIt() throws Exception {
		this.emulator = DpsEmulator.start(EmulatorProperties.bind(Map.of("emulator.state-dir", stateDir.toString())),
				Clock.systemUTC());
		String registrations = "/" + this.emulator.idScope() + "/registrations/my-symkey-device";
		// the doc's example key, which is not the emulator's
		String sasToken = docSasToken(this.emulator.idScope() + "/registrations/my-symkey-device",
				"18RQk/hOPJR9EbsJlk2j8WA6vWaj/yi+oaYg7zmxfQNdOyMSu+SJ8O7TSlZhDJCYmn4rzEiVKIzNiVAWjLxrGA==", 3600);

		Answer refused = send(curl("PUT", registrations + "/register?api-version=2021-06-01", sasToken,
				"{\"registrationId\": \"my-symkey-device\"}"));

		assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 401 Unauthorized");
		assertThat(refused.json().get("errorCode").intValue()).isEqualTo(401002);
		assertThat(refused.json().get("message").stringValue()).isEqualTo("Unauthorized");
	}

	@Test
	void aThrottledRegisterGets429TooManyRequestsWithRetryAfter() throws Exception {
		this.emulator = DpsEmulator.start(
				EmulatorProperties
					.bind(Map.of("emulator.state-dir", stateDir.toString(), "emulator.registrations-per-minute", "1")),
				Clock.systemUTC());
		String uri = this.emulator.idScope() + "/registrations/my-symkey-device";
		String deviceKey = Base64.getEncoder()
			.encodeToString(hmacSha256(Base64.getDecoder().decode(this.emulator.groupKey()),
					"my-symkey-device".getBytes(StandardCharsets.UTF_8)));
		String request = curl("PUT", "/" + uri + "/register?api-version=2021-06-01", docSasToken(uri, deviceKey, 3600),
				"{\"registrationId\": \"my-symkey-device\"}");

		assertThat(send(request).statusLine()).isEqualTo("HTTP/1.1 202 Accepted");
		Answer throttled = send(request);

		assertThat(throttled.statusLine()).isEqualTo("HTTP/1.1 429 Too Many Requests");
		assertThat(Integer.parseInt(throttled.headers().get("Retry-After"))).isBetween(1, 60);
		assertThat(throttled.headers()).containsKey("x-ms-error-code").containsKey("x-ms-request-id");
	}

	private static void waitSeconds(int seconds) throws Exception {
		CompletableFuture.runAsync(() -> {
		}, CompletableFuture.delayedExecutor(seconds, TimeUnit.SECONDS)).get(seconds + 5L, TimeUnit.SECONDS);
	}

}
