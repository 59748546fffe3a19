package io.dpsbatch.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the emulator knows of one device: its accepted registrations, oldest first, and
 * its recent polls. Each device has its own lock, so devices never wait for each other.
 */
final class DeviceRecord {

	private final List<Operation> operations = new ArrayList<>(1);

	private final PollWindow polls = new PollWindow();

	/**
	 * Operations before this index belong to a registration record that was deleted
	 * through the service API: DPS has forgotten them, so they are neither looked up nor
	 * polled, and the next registration is an initial assignment again. They still count
	 * in {@link EmulatorCounts}, which reports what clients did.
	 */
	private int firstLive;

	/** Adds the operation {@code next} makes of the device's previous registrations. */
	synchronized Operation register(Function<List<Operation>, Operation> next) {
		Operation operation = next.apply(List.copyOf(live()));
		this.operations.add(operation);
		return operation;
	}

	synchronized Optional<Operation> operation(String operationId) {
		for (int i = this.operations.size() - 1; i >= this.firstLive; i--) {
			if (this.operations.get(i).operationId().equals(operationId)) {
				return Optional.of(this.operations.get(i));
			}
		}
		return Optional.empty();
	}

	synchronized Optional<Operation> latest() {
		return (this.operations.size() == this.firstLive) ? Optional.empty()
				: Optional.of(this.operations.get(this.operations.size() - 1));
	}

	/**
	 * Forgets the registration record (the service API's {@code DELETE
	 * /registrations/{id}}); {@code false} when there is none.
	 */
	synchronized boolean deleteRecord() {
		if (this.operations.size() == this.firstLive) {
			return false;
		}
		this.firstLive = this.operations.size();
		return true;
	}

	private List<Operation> live() {
		return this.operations.subList(this.firstLive, this.operations.size());
	}

	/**
	 * Records a poll: 0 when it is within the device's poll limit, otherwise nanoseconds
	 * to wait.
	 */
	synchronized long tryPoll(long nowNanos) {
		return this.polls.tryPoll(nowNanos);
	}

	synchronized int registrations() {
		return this.operations.size();
	}

	synchronized int assignedBy(long nowNanos) {
		int assigned = 0;
		for (Operation operation : this.operations) {
			if (operation.assigned(nowNanos)) {
				assigned++;
			}
		}
		return assigned;
	}

}
