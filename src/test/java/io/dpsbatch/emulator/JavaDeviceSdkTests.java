package io.dpsbatch.emulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import com.microsoft.azure.sdk.iot.provisioning.device.AdditionalData;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClient;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientRegistrationResult;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientStatus;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientTransportProtocol;
import com.microsoft.azure.sdk.iot.provisioning.security.SecurityProviderSymmetricKey;
import io.dpsbatch.keys.IndividualKeysFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Microsoft's Java device SDK (provisioning-device-client over HTTPS, symmetric-key
 * security provider) against the emulator with its defaults (Retry-After 3, poll limit
 * on): a client no one here wrote, with its own SAS spelling (raw {@code sr}, empty
 * {@code skn}), API version 2019-03-31 and polling rules. It trusts only the emulator's
 * trust store.
 */
class JavaDeviceSdkTests {

	@TempDir
	static Path stateDir;

	private final List<DpsEmulator> started = new ArrayList<>();

	private final List<ProvisioningDeviceClient> clients = new ArrayList<>();

	@AfterEach
	void close() {
		this.clients.forEach(ProvisioningDeviceClient::close);
		this.started.forEach(DpsEmulator::close);
	}

	private DpsEmulator start(String... properties) {
		Map<String, String> map = new HashMap<>();
		map.put("emulator.state-dir", stateDir.toString());
		for (int i = 0; i < properties.length; i += 2) {
			map.put("emulator." + properties[i], properties[i + 1]);
		}
		DpsEmulator emulator = DpsEmulator.start(EmulatorProperties.bind(map), Clock.systemUTC());
		this.started.add(emulator);
		return emulator;
	}

	/**
	 * What the SDK hands its callback: a result, and an exception when the registration
	 * did not succeed.
	 */
	private record Outcome(ProvisioningDeviceClientRegistrationResult result, Exception exception) {

	}

	private CompletableFuture<Outcome> register(DpsEmulator emulator, String registrationId, byte[] deviceKey,
			String payload) throws Exception {
		return register(emulator, emulator.idScope(), registrationId, deviceKey, payload);
	}

	private CompletableFuture<Outcome> register(DpsEmulator emulator, String idScope, String registrationId,
			byte[] deviceKey, String payload) throws Exception {
		SSLContext trustingTheEmulator = EmulatorClient.trusting(emulator.trustStore(), emulator.trustStorePassword(),
				emulator.trustStoreType());
		SecurityProviderSymmetricKey security = new SecurityProviderSymmetricKey(deviceKey, registrationId) {

			@Override
			public SSLContext getSSLContext() {
				return trustingTheEmulator;
			}

		};
		// the SDK puts the endpoint between "https://" and the path, so host:port works
		ProvisioningDeviceClient client = ProvisioningDeviceClient.create(emulator.endpoint().getAuthority(), idScope,
				ProvisioningDeviceClientTransportProtocol.HTTPS, security);
		this.clients.add(client);
		CompletableFuture<Outcome> outcome = new CompletableFuture<>();
		AdditionalData additionalData = null;
		if (payload != null) {
			additionalData = new AdditionalData();
			additionalData.setProvisioningPayload(payload);
		}
		client.registerDevice((result, exception, context) -> outcome.complete(new Outcome(result, exception)), null,
				additionalData);
		return outcome;
	}

	/**
	 * The SDK's own derivation, as its group-enrollment sample does it: the key as base64
	 * bytes.
	 */
	private static byte[] derivedKey(String groupKey, String registrationId) throws Exception {
		return SecurityProviderSymmetricKey.ComputeDerivedSymmetricKey(groupKey.getBytes(StandardCharsets.UTF_8),
				registrationId);
	}

	@Test
	void devicesAreAssignedToTheHubAndDeviceIdTheEmulatorRecorded() throws Exception {
		DpsEmulator emulator = start();
		EmulatorClient emulatorSide = new EmulatorClient(emulator);
		List<String> ids = List.of("sdk-device-1", "sdk-device-2", "sdk-device-3");
		List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
		for (String id : ids) {
			outcomes.add(register(emulator, id, derivedKey(emulator.groupKey(), id), null));
		}

		for (int i = 0; i < ids.size(); i++) {
			Outcome outcome = outcomes.get(i).get(60, TimeUnit.SECONDS);
			assertThat(outcome.exception()).isNull();
			ProvisioningDeviceClientRegistrationResult result = outcome.result();
			assertThat(result.getProvisioningDeviceClientStatus())
				.isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED);
			JsonNode recorded = EmulatorClient.json(emulatorSide.lookup(ids.get(i)));
			assertThat(result.getIothubUri()).isEqualTo(recorded.get("assignedHub").stringValue())
				.isIn(EmulatorProperties.DEFAULT_HUBS);
			assertThat(result.getDeviceId()).isEqualTo(recorded.get("deviceId").stringValue()).isEqualTo(ids.get(i));
		}
		EmulatorCounts counts = emulator.counts();
		assertThat(counts.registerCallsByDevice()).containsOnlyKeys(ids);
		assertThat(counts.assigned()).isEqualTo(3);
		assertThat(counts.throttled()).as("the SDK keeps to Retry-After and the poll limit").isZero();
	}

	/**
	 * An individual enrollment as Microsoft's individual-enrollment sample uses it: the
	 * enrollment's own key, as DPS shows it, handed to the SDK as it is (no derivation),
	 * in an instance of another ID scope.
	 */
	@Test
	void aDeviceOfAnIndividualEnrollmentRegistersWithItsOwnKey(@TempDir Path dir) throws Exception {
		Path manifest = dir.resolve("devices.csv");
		Files.writeString(manifest, "registrationId,enrollment\nsdk-solo-1,singles\n");
		Path keysFile = dir.resolve("singles.csv");
		DpsEmulator emulator = start("enrollments.singles.individual-keys-file", keysFile.toString(),
				"enrollments.singles.generate-keys-for", manifest.toString(), "enrollments.singles.id-scope",
				"0ne00EMU005");
		String ownKey;
		try (IndividualKeysFile keys = IndividualKeysFile.open(keysFile, "test")) {
			ownKey = keys.find("sdk-solo-1").orElseThrow().primary().toBase64();
		}

		Outcome outcome = register(emulator, "0ne00EMU005", "sdk-solo-1", ownKey.getBytes(StandardCharsets.UTF_8), null)
			.get(60, TimeUnit.SECONDS);

		assertThat(outcome.exception()).isNull();
		assertThat(outcome.result().getProvisioningDeviceClientStatus())
			.isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED);
		assertThat(outcome.result().getDeviceId()).isEqualTo("sdk-solo-1");
		assertThat(emulator.counts().instances().get("0ne00EMU005").registerCalls()).isEqualTo(1);
		Outcome derived = register(emulator, "0ne00EMU005", "sdk-solo-1", derivedKey(emulator.groupKey(), "sdk-solo-1"),
				null)
			.get(60, TimeUnit.SECONDS);
		assertThat(derived.exception()).as("a key derived from a group does not sign for an individual enrollment")
			.isNotNull();
	}

	@Test
	void aWrongKeyFails() throws Exception {
		DpsEmulator emulator = start();
		String wrongGroupKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

		Outcome outcome = register(emulator, "sdk-wrong-key", derivedKey(wrongGroupKey, "sdk-wrong-key"), null).get(60,
				TimeUnit.SECONDS);

		assertThat(outcome.exception()).isNotNull();
		assertThat(outcome.result() == null || outcome.result()
			.getProvisioningDeviceClientStatus() != ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED)
			.isTrue();
		assertThat(emulator.counts().unauthorized()).isPositive();
		assertThat(emulator.counts().registerCallsByDevice()).isEmpty();
	}

	@Test
	void aDisabledDeviceIsReportedDisabled() throws Exception {
		DpsEmulator emulator = start("disabled-ids", "sdk-off-*");

		Outcome outcome = register(emulator, "sdk-off-1", derivedKey(emulator.groupKey(), "sdk-off-1"), null).get(60,
				TimeUnit.SECONDS);

		assertThat(outcome.result().getProvisioningDeviceClientStatus())
			.isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_DISABLED);
		assertThat(outcome.exception()).isNotNull();
	}

	@Test
	void aCustomAllocationPayloadReachesTheDevice() throws Exception {
		DpsEmulator emulator = start("custom-allocation.payload-field", "model", "custom-allocation.rules[0].value",
				"thermostat", "custom-allocation.rules[0].hub", "hvac.azure-devices.net",
				"custom-allocation.rules[0].payload", "{\"firmware\":\"2.1\"}");

		Outcome outcome = register(emulator, "sdk-thermostat-1", derivedKey(emulator.groupKey(), "sdk-thermostat-1"),
				"{\"model\":\"thermostat\"}")
			.get(60, TimeUnit.SECONDS);

		assertThat(outcome.exception()).isNull();
		assertThat(outcome.result().getIothubUri()).isEqualTo("hvac.azure-devices.net");
		assertThat(EmulatorClient.json.readTree(outcome.result().getProvisioningPayload()))
			.isEqualTo(EmulatorClient.json.readTree("{\"firmware\":\"2.1\"}"));
	}

}
