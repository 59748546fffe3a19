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

	/** Adds the operation {@code next} makes of the device's previous registrations. */
	synchronized Operation register(Function<List<Operation>, Operation> next) {
		Operation operation = next.apply(List.copyOf(this.operations));
		this.operations.add(operation);
		return operation;
	}

	synchronized Optional<Operation> operation(String operationId) {
		for (int i = this.operations.size() - 1; i >= 0; i--) {
			if (this.operations.get(i).operationId().equals(operationId)) {
				return Optional.of(this.operations.get(i));
			}
		}
		return Optional.empty();
	}

	synchronized Optional<Operation> latest() {
		return this.operations.isEmpty() ? Optional.empty()
				: Optional.of(this.operations.get(this.operations.size() - 1));
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
