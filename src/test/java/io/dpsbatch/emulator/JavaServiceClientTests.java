package io.dpsbatch.emulator;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

import com.microsoft.azure.sdk.iot.provisioning.service.ProvisioningServiceClient;
import com.microsoft.azure.sdk.iot.provisioning.service.Query;
import com.microsoft.azure.sdk.iot.provisioning.service.configs.AttestationMechanism;
import com.microsoft.azure.sdk.iot.provisioning.service.configs.BulkEnrollmentOperationResult;
import com.microsoft.azure.sdk.iot.provisioning.service.configs.BulkOperationMode;
import com.microsoft.azure.sdk.iot.provisioning.service.configs.IndividualEnrollment;
import com.microsoft.azure.sdk.iot.provisioning.service.configs.QueryResult;
import com.microsoft.azure.sdk.iot.provisioning.service.configs.QuerySpecificationBuilder;
import com.microsoft.azure.sdk.iot.provisioning.service.configs.SymmetricKeyAttestation;
import com.microsoft.azure.sdk.iot.provisioning.service.exceptions.ProvisioningServiceClientNotFoundException;
import io.dpsbatch.cli.ConnectProxy;
import io.dpsbatch.keys.DeviceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Microsoft's Java service client ({@code provisioning-service-client} 2.0.3) drives the
 * emulator's service API: a client no one here wrote, with its own SAS (lower-cased host,
 * lower-case {@code authorization} header), API version 2019-03-31 and JSON parsing.
 * <p>
 * The client builds {@code https://<HostName>/…} from the connection string alone (its
 * HostName cannot carry a port), so it always connects to port 443, with
 * {@link HttpsURLConnection} and the JVM's defaults. It reaches the emulator the way it
 * would reach DPS through a factory proxy:
 * {@code https.proxyHost}/{@code https.proxyPort} name a loopback CONNECT proxy
 * ({@link ConnectProxy}) that tunnels to the emulator's port, so the request keeps the
 * service host name in its {@code Host} header and its TLS server name. Trust is the
 * honest kind: the default SSL socket factory is replaced by one trusting the emulator's
 * CA only (from its exported trust store), and the default host name verifier stays,
 * checking the certificate's name for the service host. Both system properties and the
 * default factory are restored afterwards; the class is {@link Isolated}, so no other
 * test runs while they are changed.
 */
@Isolated
class JavaServiceClientTests {

	@TempDir
	static Path stateDir;

	private static DpsEmulator emulator;

	private static ConnectProxy proxy;

	private static SSLSocketFactory previousFactory;

	private static String previousProxyHost;

	private static String previousProxyPort;

	private static ProvisioningServiceClient client;

	@BeforeAll
	static void start() throws Exception {
		emulator = DpsEmulator.start(EmulatorClient.quickProperties(stateDir), Clock.systemUTC());
		proxy = ConnectProxy.redirectingTo(new InetSocketAddress("127.0.0.1", emulator.endpoint().getPort()));
		previousProxyHost = System.getProperty("https.proxyHost");
		previousProxyPort = System.getProperty("https.proxyPort");
		previousFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
		System.setProperty("https.proxyHost", "127.0.0.1");
		System.setProperty("https.proxyPort", Integer.toString(proxy.port()));
		HttpsURLConnection.setDefaultSSLSocketFactory(
				EmulatorClient.trusting(emulator.trustStore(), emulator.trustStorePassword(), emulator.trustStoreType())
					.getSocketFactory());
		client = new ProvisioningServiceClient(emulator.serviceConnectionStrings().get(emulator.idScope()));
	}

	@AfterAll
	static void stop() throws Exception {
		restore("https.proxyHost", previousProxyHost);
		restore("https.proxyPort", previousProxyPort);
		HttpsURLConnection.setDefaultSSLSocketFactory(previousFactory);
		if (proxy != null) {
			proxy.close();
		}
		if (emulator != null) {
			emulator.close();
		}
	}

	private static void restore(String name, String value) {
		if (value != null) {
			System.setProperty(name, value);
		}
		else {
			System.clearProperty(name);
		}
	}

	@Test
	void anEnrollmentIsCreatedReadAndDeletedAndItsDeviceRegisters() throws Exception {
		IndividualEnrollment created = client.createOrUpdateIndividualEnrollment(
				new IndividualEnrollment("ms-client-1", new SymmetricKeyAttestation(null, null)));
		String primary = ((SymmetricKeyAttestation) created.getAttestation()).getPrimaryKey();

		IndividualEnrollment read = client.getIndividualEnrollment("ms-client-1");
		AttestationMechanism keys = client.getIndividualEnrollmentAttestationMechanism("ms-client-1");

		assertThat(Base64.getDecoder().decode(primary)).hasSize(64);
		assertThat(created.getEtag()).isNotEmpty();
		assertThat(read.getRegistrationId()).isEqualTo("ms-client-1");
		assertThat(((SymmetricKeyAttestation) read.getAttestation()).getPrimaryKey()).isNull();
		assertThat(((SymmetricKeyAttestation) keys.getAttestation()).getPrimaryKey()).isEqualTo(primary);
		assertThat(new EmulatorClient(emulator)
			.registerAndAwait(emulator.idScope(), "ms-client-1", DeviceKey.fromBase64(primary, "primary"))
			.get("status")
			.stringValue()).isEqualTo("assigned");
		assertThat(proxy.tunnels()).contains("0ne00emu001.dps-emulator.localhost:443");

		client.deleteIndividualEnrollment("ms-client-1");
		assertThatExceptionOfType(ProvisioningServiceClientNotFoundException.class)
			.isThrownBy(() -> client.getIndividualEnrollment("ms-client-1"));
	}

	@Test
	void enrollmentsAreCreatedInBulkAndQueriedPageByPage() throws Exception {
		List<IndividualEnrollment> batch = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			batch.add(new IndividualEnrollment("ms-bulk-" + i, new SymmetricKeyAttestation(null, null)));
		}

		BulkEnrollmentOperationResult result = client.runBulkEnrollmentOperation(BulkOperationMode.CREATE, batch);
		BulkEnrollmentOperationResult again = client.runBulkEnrollmentOperation(BulkOperationMode.CREATE,
				batch.subList(0, 1));
		Query query = client.createIndividualEnrollmentQuery(
				new QuerySpecificationBuilder("*", QuerySpecificationBuilder.FromType.ENROLLMENTS).createSqlQuery(), 2);
		List<String> seen = new ArrayList<>();
		int pages = 0;
		while (query.hasNext()) {
			QueryResult page = query.next();
			for (Object item : page.getItems()) {
				seen.add(((IndividualEnrollment) item).getRegistrationId());
			}
			pages++;
		}

		assertThat(result.getSuccessful()).isTrue();
		assertThat(again.getSuccessful()).isFalse();
		assertThat(again.getErrors().get(0).getRegistrationId()).isEqualTo("ms-bulk-1");
		assertThat(again.getErrors().get(0).getErrorCode()).isEqualTo(409201);
		assertThat(seen).contains("ms-bulk-1", "ms-bulk-2", "ms-bulk-3", "ms-bulk-4", "ms-bulk-5");
		assertThat(pages).isGreaterThanOrEqualTo(3);
		BulkEnrollmentOperationResult deleted = client.runBulkEnrollmentOperation(BulkOperationMode.DELETE, batch);
		assertThat(deleted.getSuccessful()).isTrue();
	}

}
