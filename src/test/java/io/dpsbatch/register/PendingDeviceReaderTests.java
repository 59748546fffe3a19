package io.dpsbatch.register;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.dpsbatch.store.DeviceStatus;
import io.dpsbatch.store.PendingDevice;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The register step's reader over a results store in memory: the statuses say what is
 * left, nothing else.
 */
class PendingDeviceReaderTests {

	private final RegisterStepFixture fixture = new RegisterStepFixture();

	@Test
	void readsEveryPendingDeviceInLineOrderPageAfterPageAndMarksNothing() {
		this.fixture.devices(2500);
		PendingDeviceReader reader = this.fixture.reader();
		reader.open(new ExecutionContext());

		List<PendingDevice> read = readAll(reader);

		assertThat(read).hasSize(2500);
		assertThat(read).extracting(PendingDevice::line).isSorted().startsWith(2L).endsWith(2501L);
		assertThat(this.fixture.count(DeviceStatus.PENDING)).isEqualTo(2500);
		assertThat(reader.read()).as("still nothing left").isNull();
	}

	@Test
	void savesNoPositionAndReadsFromTheFirstPendingLineWhenReopened() {
		this.fixture.devices(5);
		PendingDeviceReader reader = this.fixture.reader();
		ExecutionContext context = new ExecutionContext();
		reader.open(context);
		reader.read();
		reader.read();

		reader.update(context);
		reader.close();

		assertThat(context.isEmpty()).isTrue();
		reader.open(context);
		assertThat(readAll(reader)).extracting(PendingDevice::line).containsExactly(2L, 3L, 4L, 5L, 6L);
	}

	@Test
	void openingReturnsTheDevicesAStoppedRunLeftRegisteringEachToBeLookedUpFirst() {
		this.fixture.devices(4);
		this.fixture.store.queue()
			.markRegistering(RegisterStepFixture.BATCH,
					this.fixture.store.queue().pending(RegisterStepFixture.BATCH, 2, 2), Instant.now());
		PendingDeviceReader reader = this.fixture.reader();

		reader.open(new ExecutionContext());

		assertThat(this.fixture.count(DeviceStatus.REGISTERING)).isZero();
		assertThat(readAll(reader)).extracting(PendingDevice::line, PendingDevice::lookupFirst)
			.containsExactly(tuple(2L, false), tuple(3L, true), tuple(4L, true), tuple(5L, false));
	}

	private static List<PendingDevice> readAll(PendingDeviceReader reader) {
		List<PendingDevice> read = new ArrayList<>();
		for (PendingDevice device = reader.read(); device != null; device = reader.read()) {
			read.add(device);
		}
		return read;
	}

}
