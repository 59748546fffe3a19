import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.http2.HttpVersionPolicy;

/**
 * What one HTTPS request to DPS costs in CPU with each candidate HTTP client, measured alone: DPS register
 * calls (signed as dps-batch signs them) against the emulator, {@code connections} at a time (a closed
 * loop, so each client holds that many keep-alive connections), after a warm-up. The benchmark's
 * {@code clients} scenario runs it once per client, each in a JVM of its own.
 * <p>
 * usage: HttpClientPeer jdk|apache ENDPOINT ID_SCOPE TRUST_STORE PASSWORD CONNECTIONS WARMUP REQUESTS
 * (group key in DPS_GROUP_KEY). Prints one line: {@code client=... requests=... cpuMicrosPerRequest=...}.
 */
public class HttpClientPeer {

	public static void main(String[] args) throws Exception {
		String client = args[0];
		URI endpoint = URI.create(args[1]);
		String idScope = args[2];
		SSLContext tls = sslContext(Path.of(args[3]), args[4].toCharArray());
		int connections = Integer.parseInt(args[5]);
		int warmup = Integer.parseInt(args[6]);
		int requests = Integer.parseInt(args[7]);
		byte[] groupKey = Base64.getDecoder().decode(System.getenv("DPS_GROUP_KEY"));
		Function<Integer, CompletableFuture<Integer>> send = switch (client) {
			case "jdk" -> jdk(endpoint, idScope, tls, groupKey);
			case "apache" -> apache(endpoint, idScope, tls, groupKey, connections);
			default -> throw new IllegalArgumentException(client);
		};
		run(send, connections, 0, warmup);
		var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean();
		long cpu = os.getProcessCpuTime();
		long started = System.nanoTime();
		int ok = run(send, connections, warmup, requests);
		double seconds = (System.nanoTime() - started) / 1e9;
		double cpuMicros = (os.getProcessCpuTime() - cpu) / 1e3;
		System.out.printf(Locale.ROOT, "client=%s connections=%d requests=%d answered202=%d requestsPerSecond=%.0f "
				+ "cpuMicrosPerRequest=%.0f%n", client, connections, requests, ok, requests / seconds, cpuMicros / requests);
		System.exit(0);
	}

	/** Sends {@code count} requests, {@code connections} at a time; returns how many were answered 202. */
	private static int run(Function<Integer, CompletableFuture<Integer>> send, int connections, int first, int count)
			throws InterruptedException {
		AtomicInteger next = new AtomicInteger(first);
		AtomicInteger accepted = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(count);
		class Loop {
			void go() {
				int i = next.getAndIncrement();
				if (i >= first + count) {
					return;
				}
				send.apply(i).whenComplete((status, failure) -> {
					if (status != null && status == 202) {
						accepted.incrementAndGet();
					}
					done.countDown();
					go();
				});
			}
		}
		for (int c = 0; c < connections; c++) {
			new Loop().go();
		}
		done.await();
		return accepted.get();
	}

	private static Function<Integer, CompletableFuture<Integer>> jdk(URI endpoint, String idScope, SSLContext tls,
			byte[] groupKey) {
		SSLParameters parameters = new SSLParameters();
		parameters.setProtocols(new String[] { "TLSv1.3", "TLSv1.2" });
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.sslContext(tls)
			.sslParameters(parameters)
			.executor(Executors.newFixedThreadPool(4))
			.build();
		return (i) -> {
			String id = id(i);
			HttpRequest request = HttpRequest.newBuilder(uri(endpoint, idScope, id))
				.PUT(HttpRequest.BodyPublishers.ofString(body(id)))
				.header("Authorization", sas(idScope, id, groupKey))
				.header("Content-Type", "application/json; charset=utf-8")
				.header("Accept", "application/json")
				.build();
			return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::statusCode);
		};
	}

	private static Function<Integer, CompletableFuture<Integer>> apache(URI endpoint, String idScope, SSLContext tls,
			byte[] groupKey, int connections) {
		CloseableHttpAsyncClient client = HttpAsyncClients.custom()
			.setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
			.setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
				.setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(tls).setTlsVersions(TLS.V_1_3, TLS.V_1_2)
					.buildAsync())
				.setMaxConnTotal(connections)
				.setMaxConnPerRoute(connections)
				.build())
			.build();
		client.start();
		return (i) -> {
			String id = id(i);
			SimpleHttpRequest request = SimpleRequestBuilder.put(uri(endpoint, idScope, id))
				.setBody(body(id), ContentType.APPLICATION_JSON)
				.addHeader("Authorization", sas(idScope, id, groupKey))
				.addHeader("Accept", "application/json")
				.build();
			CompletableFuture<Integer> status = new CompletableFuture<>();
			client.execute(request, new FutureCallback<SimpleHttpResponse>() {

				@Override
				public void completed(SimpleHttpResponse response) {
					status.complete(response.getCode());
				}

				@Override
				public void failed(Exception ex) {
					status.completeExceptionally(ex);
				}

				@Override
				public void cancelled() {
					status.cancel(false);
				}

			});
			return status;
		};
	}

	private static String id(int i) {
		return String.format(Locale.ROOT, "peer-dev-%07d", i);
	}

	private static URI uri(URI endpoint, String idScope, String id) {
		return endpoint.resolve("/" + idScope + "/registrations/" + id + "/register?api-version=2021-10-01");
	}

	private static String body(String id) {
		return "{\"registrationId\":\"" + id + "\"}";
	}

	/** A DPS SAS token for the device, with its key derived from the group key (as DPS documents). */
	private static String sas(String idScope, String id, byte[] groupKey) {
		String resource = URLEncoder.encode(idScope + "/registrations/" + id, StandardCharsets.UTF_8);
		long expiry = System.currentTimeMillis() / 1000 + 3600;
		byte[] deviceKey = hmac(groupKey, id);
		String signature = Base64.getEncoder().encodeToString(hmac(deviceKey, resource + "\n" + expiry));
		return "SharedAccessSignature sr=" + resource + "&sig=" + URLEncoder.encode(signature, StandardCharsets.UTF_8)
				+ "&se=" + expiry + "&skn=registration";
	}

	private static byte[] hmac(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static SSLContext sslContext(Path trustStore, char[] password) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (var in = Files.newInputStream(trustStore)) {
			store.load(in, password);
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(store);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
