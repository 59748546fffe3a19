import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClient;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientRegistrationResult;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientStatus;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientTransportProtocol;
import com.microsoft.azure.sdk.iot.provisioning.security.SecurityProviderSymmetricKey;

/**
 * The peer of the {@code versus} benchmark: provisions the devices of a manifest with Microsoft's Java
 * device SDK (provisioning-device-client, symmetric key, HTTPS) as its samples do, one blocking
 * {@code registerDeviceSync} per thread, {@code threads} at once. The benchmark compiles it against the class
 * path of bench/sdk/pom.xml and runs it in a JVM of its own.
 * <p>
 * usage: SdkPeer HOST:PORT ID_SCOPE TRUST_STORE TRUST_STORE_PASSWORD MANIFEST THREADS (group key in
 * DPS_GROUP_KEY). Prints {@code assigned=N failed=M} and exits 0 when every device was assigned.
 */
public class SdkPeer {

	public static void main(String[] args) throws Exception {
		String host = args[0];
		String idScope = args[1];
		SSLContext tls = sslContext(Path.of(args[2]), args[3].toCharArray());
		List<String> ids = registrationIds(Path.of(args[4]));
		int threads = Integer.parseInt(args[5]);
		byte[] groupKey = System.getenv("DPS_GROUP_KEY").getBytes(StandardCharsets.UTF_8);
		AtomicInteger next = new AtomicInteger();
		AtomicInteger assigned = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		for (int t = 0; t < threads; t++) {
			pool.execute(() -> {
				for (int i; (i = next.getAndIncrement()) < ids.size();) {
					if (register(host, idScope, tls, groupKey, ids.get(i))) {
						assigned.incrementAndGet();
					}
					else {
						failed.incrementAndGet();
					}
				}
			});
		}
		pool.shutdown();
		pool.awaitTermination(1, TimeUnit.DAYS);
		System.out.printf("assigned=%d failed=%d%n", assigned.get(), failed.get());
		System.exit(failed.get() == 0 ? 0 : 1);
	}

	private static boolean register(String host, String idScope, SSLContext tls, byte[] groupKey, String id) {
		ProvisioningDeviceClient client = null;
		try {
			// the derivation of the SDK's group enrollment sample (provisioning-symmetrickey-group-sample)
			byte[] deviceKey = SecurityProviderSymmetricKey.ComputeDerivedSymmetricKey(groupKey, id);
			SecurityProviderSymmetricKey security = new SecurityProviderSymmetricKey(deviceKey, id) {

				// the SDK's hook for custom trust (SecurityProvider.getSSLContext): the emulator's CA
				@Override
				public SSLContext getSSLContext() {
					return tls;
				}

			};
			client = ProvisioningDeviceClient.create(host, idScope, ProvisioningDeviceClientTransportProtocol.HTTPS,
					security);
			ProvisioningDeviceClientRegistrationResult result = client.registerDeviceSync();
			return result.getProvisioningDeviceClientStatus() == ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED;
		}
		catch (Exception ex) {
			System.err.println(id + ": " + ex);
			return false;
		}
		finally {
			if (client != null) {
				client.close();
			}
		}
	}

	private static SSLContext sslContext(Path trustStore, char[] password) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(trustStore)) {
			store.load(in, password);
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(store);
		SSLContext context = SSLContext.getInstance("TLSv1.2");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

	private static List<String> registrationIds(Path manifest) throws IOException {
		try (var lines = Files.lines(manifest, StandardCharsets.UTF_8)) {
			return lines.skip(1).map((line) -> line.substring(0, line.indexOf(','))).toList();
		}
	}

}
