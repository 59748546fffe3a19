package io.dpsbatch.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceRegistryTests {

	private static final String V2021 = "2021-10-01";

	private final AtomicLong nanos = new AtomicLong(42);

	private final Instant now = Instant.parse("2026-05-01T08:00:00Z");

	private final DeviceRegistry registry = new DeviceRegistry(
			new AssignmentPolicy(List.of("hub-1", "hub-2"), new IdPatterns(List.of("off-*")),
					new IdPatterns(List.of("bad-*"))),
			Duration.ofSeconds(2), Clock.fixed(this.now, ZoneOffset.UTC), this.nanos::get);

	@Test
	void anOperationCompletesAfterTheAssignmentDelay() {
		Operation operation = this.registry.register("dev-1", null, V2021, "group-1");

		assertThat(operation.completed(this.nanos.get())).isFalse();
		EmulatorJson.OperationStatus assigning = EmulatorJson.OperationStatus.of(operation, this.nanos.get());
		assertThat(assigning.status()).isEqualTo("assigning");
		assertThat(assigning.registrationState()).isEqualTo(new EmulatorJson.RegistrationState(null, "dev-1", null,
				null, null, "assigning", null, null, null, null, null, null));
		this.nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
		assertThat(operation.completed(this.nanos.get())).isTrue();
		EmulatorJson.OperationStatus status = EmulatorJson.OperationStatus.of(operation, this.nanos.get());
		assertThat(status.status()).isEqualTo("assigned");
		assertThat(status.registrationState().assignedHub()).isIn("hub-1", "hub-2");
		assertThat(status.registrationState().createdDateTimeUtc()).isEqualTo("2026-05-01T08:00:00.0000000Z");
		assertThat(status.registrationState().lastUpdatedDateTimeUtc()).isEqualTo("2026-05-01T08:00:02.0000000Z");
		assertThat(status.registrationState().symmetricKey().enrollmentGroupId()).isEqualTo("group-1");
		assertThat(status.registrationState().payload()).as("no payload with the default allocation").isNull();
	}

	@Test
	void theDevicePayloadIsNotEchoedWithTheDefaultAllocation() {
		Operation operation = this.registry.register("dev-1", EmulatorJson.MAPPER.readTree("{\"model\":\"m1\"}"), V2021,
				"group-1");

		assertThat(operation.payload()).isNull();
	}

	@Test
	void versionsBefore20190415ReportAReRegistrationAsInitialAssignment() {
		// ProvisioningRegistrationSubstatus.cs in azure-iot-sdk-csharp: "For API versions
		// prior to 2019-04-15 a substatus of InitialAssignment was returned if the device
		// previously existed in hub"
		assertThat(this.registry.register("dev-1", null, "2019-03-31", "group-1").substatus())
			.isEqualTo(Operation.INITIAL_ASSIGNMENT);
		assertThat(this.registry.register("dev-1", null, "2019-03-31", "group-1").substatus())
			.isEqualTo(Operation.INITIAL_ASSIGNMENT);
		assertThat(this.registry.register("dev-1", null, "2021-06-01", "group-1").substatus())
			.isEqualTo(Operation.REPROVISIONED);
	}

	@Test
	void onlyAnEarlierAssignmentMakesAReprovisioning() {
		assertThat(this.registry.register("dev-1", null, V2021, "group-1").substatus())
			.isEqualTo(Operation.INITIAL_ASSIGNMENT);
		assertThat(this.registry.register("DEV-1", null, V2021, "group-1").substatus())
			.isEqualTo(Operation.REPROVISIONED);
		assertThat(this.registry.register("off-1", null, V2021, "group-1").substatus())
			.isEqualTo(Operation.INITIAL_ASSIGNMENT);
		assertThat(this.registry.register("off-1", null, V2021, "group-1").substatus())
			.isEqualTo(Operation.INITIAL_ASSIGNMENT);
	}

	@Test
	void operationsAreFoundByDeviceAndId() {
		Operation first = this.registry.register("dev-1", null, V2021, "group-1");
		Operation second = this.registry.register("dev-1", null, V2021, "group-1");

		DeviceRecord device = this.registry.find("Dev-1").orElseThrow();
		assertThat(device.operation(first.operationId())).hasValue(first);
		assertThat(device.operation(second.operationId())).hasValue(second);
		assertThat(device.latest()).hasValue(second);
		assertThat(first.operationId()).isNotEqualTo(second.operationId()).startsWith("5.");
		assertThat(this.registry.find("dev-2")).isEmpty();
	}

	@Test
	void theSnapshotCountsRegistrationsAndAssignmentsThatHappened() {
		this.registry.register("dev-1", null, V2021, "group-1");
		this.registry.register("dev-1", null, V2021, "group-1");
		this.registry.register("dev-2", null, V2021, "group-1");
		this.registry.register("off-1", null, V2021, "group-1");
		this.registry.register("bad-1", null, V2021, "group-1");

		DeviceRegistry.Snapshot before = this.registry.snapshot();
		this.nanos.addAndGet(TimeUnit.SECONDS.toNanos(3));
		DeviceRegistry.Snapshot after = this.registry.snapshot();

		assertThat(before.assigned()).isZero();
		assertThat(after.assigned()).isEqualTo(3);
		assertThat(after.devicesRegisteredMoreThanOnce()).isEqualTo(1);
		assertThat(after.registrationsByDevice()).isEqualTo(Map.of("dev-1", 2, "dev-2", 1, "off-1", 1, "bad-1", 1));
	}

	@Test
	void generatedIdsAreVersion4Uuids() {
		String uuid = DeviceRegistry.uuid(-1L, -1L);

		assertThat(java.util.UUID.fromString(uuid).version()).isEqualTo(4);
		assertThat(java.util.UUID.fromString(uuid).variant()).isEqualTo(2);
	}

}
