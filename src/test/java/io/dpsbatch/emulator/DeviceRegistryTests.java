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

	private final AtomicLong nanos = new AtomicLong(42);

	private final Instant now = Instant.parse("2026-05-01T08:00:00Z");

	private final DeviceRegistry registry = new DeviceRegistry(
			new AssignmentPolicy(List.of("hub-1", "hub-2"), new IdPatterns(List.of("off-*")),
					new IdPatterns(List.of("bad-*"))),
			Duration.ofSeconds(2), Clock.fixed(this.now, ZoneOffset.UTC), this.nanos::get);

	@Test
	void anOperationCompletesAfterTheAssignmentDelay() {
		Operation operation = this.registry.register("dev-1", null);

		assertThat(operation.completed(this.nanos.get())).isFalse();
		assertThat(DpsJson.OperationStatus.of(operation, this.nanos.get()).status()).isEqualTo("assigning");
		this.nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
		assertThat(operation.completed(this.nanos.get())).isTrue();
		DpsJson.OperationStatus status = DpsJson.OperationStatus.of(operation, this.nanos.get());
		assertThat(status.status()).isEqualTo("assigned");
		assertThat(status.registrationState().assignedHub()).isIn("hub-1", "hub-2");
		assertThat(status.registrationState().createdDateTimeUtc()).isEqualTo("2026-05-01T08:00:00Z");
		assertThat(status.registrationState().lastUpdatedDateTimeUtc()).isEqualTo("2026-05-01T08:00:02Z");
	}

	@Test
	void onlyAnEarlierAssignmentMakesAReprovisioning() {
		assertThat(this.registry.register("dev-1", null).substatus()).isEqualTo(Operation.INITIAL_ASSIGNMENT);
		assertThat(this.registry.register("DEV-1", null).substatus()).isEqualTo(Operation.REPROVISIONED);
		assertThat(this.registry.register("off-1", null).substatus()).isEqualTo(Operation.INITIAL_ASSIGNMENT);
		assertThat(this.registry.register("off-1", null).substatus()).isEqualTo(Operation.INITIAL_ASSIGNMENT);
	}

	@Test
	void operationsAreFoundByDeviceAndId() {
		Operation first = this.registry.register("dev-1", null);
		Operation second = this.registry.register("dev-1", null);

		DeviceRecord device = this.registry.find("Dev-1").orElseThrow();
		assertThat(device.operation(first.operationId())).hasValue(first);
		assertThat(device.operation(second.operationId())).hasValue(second);
		assertThat(device.latest()).hasValue(second);
		assertThat(first.operationId()).isNotEqualTo(second.operationId()).startsWith("5.");
		assertThat(this.registry.find("dev-2")).isEmpty();
	}

	@Test
	void theSnapshotCountsRegistrationsAndAssignmentsThatHappened() {
		this.registry.register("dev-1", null);
		this.registry.register("dev-1", null);
		this.registry.register("dev-2", null);
		this.registry.register("off-1", null);
		this.registry.register("bad-1", null);

		DeviceRegistry.Snapshot before = this.registry.snapshot();
		this.nanos.addAndGet(TimeUnit.SECONDS.toNanos(3));
		DeviceRegistry.Snapshot after = this.registry.snapshot();

		assertThat(before.assigned()).isZero();
		assertThat(after.assigned()).isEqualTo(3);
		assertThat(after.devicesRegisteredMoreThanOnce()).isEqualTo(1);
		assertThat(after.registrationsByDevice())
			.isEqualTo(Map.of("dev-1", 2, "dev-2", 1, "off-1", 1, "bad-1", 1));
	}

	@Test
	void generatedIdsAreVersion4Uuids() {
		String uuid = DeviceRegistry.uuid(-1L, -1L);

		assertThat(java.util.UUID.fromString(uuid).version()).isEqualTo(4);
		assertThat(java.util.UUID.fromString(uuid).variant()).isEqualTo(2);
	}

}
