package io.dpsbatch.register;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.dpsbatch.dps.DpsUnavailableException;
import io.dpsbatch.dps.GroupKeyRefusedException;
import io.dpsbatch.store.DeviceStatus;
import io.dpsbatch.store.LineOutcome;
import io.dpsbatch.store.PendingDevice;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window over a registrar whose answers the test gives, and a results store in
 * memory.
 */
class InFlightWindowTests {

	/**
	 * Long enough that a wait which does not return early would outlast the test's own
	 * timeout.
	 */
	private static final long LONG_WAIT = TimeUnit.MINUTES.toMillis(10);

	private final RegisterStepFixture fixture = new RegisterStepFixture();

	private final ScriptedRegistrar registrar = new ScriptedRegistrar();

	private final PendingDeviceReader reader = this.fixture.reader();

	InFlightWindowTests() {
		this.reader.open(new ExecutionContext());
	}

	@Test
	void sentDevicesAreMarkedRegisteringAndTakeTheirSlots() {
		this.fixture.devices(3);
		InFlightWindow window = this.fixture.window(this.registrar, 8);

		window.send(pending(3));

		assertThat(this.registrar.sentIds()).containsExactly("d2", "d3", "d4");
		assertThat(this.fixture.count(DeviceStatus.REGISTERING)).isEqualTo(3);
		assertThat(window.size()).isEqualTo(3);
		assertThat(window.free()).isEqualTo(5);
		assertThat(window.isIdle()).isFalse();
	}

	@Test
	void outcomesWaitForTheStepAndTheWindowIsIdleOnceEveryOneIsTaken() throws InterruptedException {
		InFlightWindow window = windowWith(2);

		this.registrar.assign("d3");
		assertThat(window.awaitOutcomes(0, 1000, false)).extracting(LineOutcome::line).containsExactly(3L);
		this.registrar.assign("d2");

		assertThat(window.isIdle()).as("an outcome waits to be taken").isFalse();
		assertThat(window.awaitOutcomes(0, 1000, false)).extracting(LineOutcome::line).containsExactly(2L);
		assertThat(window.isIdle()).isTrue();
		assertThat(window.awaitOutcomes(LONG_WAIT, 1000, false)).as("nothing to wait for").isEmpty();
	}

	@Test
	void theWaitEndsAtTheFirstFreeSlotsWorthRefillingOnlyWhenTheCallerCanRefill() throws Exception {
		InFlightWindow window = windowWith(8);
		this.registrar.assign("d2");

		assertThat(window.worthRefilling()).isTrue();
		assertThat(window.awaitOutcomes(LONG_WAIT, 1000, true)).extracting(LineOutcome::line).containsExactly(2L);

		this.registrar.assign("d3");
		CompletableFuture<List<LineOutcome>> waiting = CompletableFuture
			.supplyAsync(() -> awaitOutcomes(window, LONG_WAIT, 2, false));
		this.registrar.assign("d4");
		// it waited past the free slot for the second outcome
		assertThat(waiting.get(30, TimeUnit.SECONDS)).extracting(LineOutcome::line).containsExactly(3L, 4L);
	}

	@Test
	void aRefusedEnrollmentStopsItsOwnDevicesOnlyAndTheRefusalIsKeptForTheEnd() throws InterruptedException {
		this.fixture.devices(2, 2, RegisterStepFixture.LINE_B).devices(4, 2, "");
		InFlightWindow window = this.fixture.window(this.registrar, 8, RegisterStepFixture.twoEnrollments());
		window.send(pending(1));

		this.registrar.fail("d2",
				new GroupKeyRefusedException("DPS refuses line-b's keys", RegisterStepFixture.LINE_B));
		window.send(pending(3));

		assertThat(this.registrar.sentIds()).as("d3 is of the refused enrollment").containsExactly("d2", "d4", "d5");
		assertThat(this.fixture.count(DeviceStatus.REGISTERING)).as("all four, looked up when the batch resumes")
			.isEqualTo(4);
		assertThat(window.refused()).hasMessage("DPS refuses line-b's keys");
		assertThat(window.unavailable()).isNull();
		this.registrar.assign("d4");
		this.registrar.assign("d5");
		assertThat(window.awaitOutcomes(0, 1000, false)).extracting(LineOutcome::line).containsExactly(4L, 5L);
		assertThat(window.isIdle()).isTrue();
	}

	@Test
	void whenEveryEnrollmentIsRefusedTheRefusalMakesDpsUnavailable() {
		InFlightWindow window = windowWith(1);

		GroupKeyRefusedException refusal = new GroupKeyRefusedException("DPS refuses the keys", "");
		this.registrar.fail("d2", refusal);

		assertThat(window.unavailable()).isSameAs(refusal);
		assertThat(window.isIdle()).isTrue();
	}

	@Test
	void whenDpsIsUnavailableTheDevicesAlreadyOutStillBringTheirOutcomes() throws InterruptedException {
		InFlightWindow window = windowWith(3);

		DpsUnavailableException unreachable = new DpsUnavailableException("DPS cannot be reached", null);
		this.registrar.fail("d2", unreachable);
		this.registrar.fail("d3", new DpsUnavailableException("nor now", null));
		this.registrar.assign("d4");

		assertThat(window.unavailable()).as("the first failure").isSameAs(unreachable);
		assertThat(window.awaitOutcomes(0, 1000, false)).extracting(LineOutcome::line).containsExactly(4L);
		assertThat(window.isIdle()).isTrue();
	}

	@Test
	void closingTheWindowClosesItsRegistrar() {
		InFlightWindow window = this.fixture.window(this.registrar, 8);

		window.close();

		assertThat(this.registrar.isClosed()).isTrue();
	}

	/** A window of 8 slots that was sent {@code devices} new devices. */
	private InFlightWindow windowWith(int devices) {
		this.fixture.devices(devices);
		InFlightWindow window = this.fixture.window(this.registrar, 8);
		window.send(pending(devices));
		return window;
	}

	/** The next PENDING devices, as the step reads them. */
	private List<PendingDevice> pending(int count) {
		List<PendingDevice> devices = new ArrayList<>();
		while (devices.size() < count) {
			devices.add(this.reader.read());
		}
		return devices;
	}

	private static List<LineOutcome> awaitOutcomes(InFlightWindow window, long waitMillis, int max, boolean canRefill) {
		try {
			return window.awaitOutcomes(waitMillis, max, canRefill);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
