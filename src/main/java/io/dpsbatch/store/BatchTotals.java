package io.dpsbatch.store;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts of a batch's devices per status, and what was sent to DPS for it over all runs.
 */
public record BatchTotals(Map<DeviceStatus, Long> byStatus, long registerCalls, long lookupCalls,
		long throttledResponses, long usedSecondaryKey, Integer lastPacePerMinute) {

	public BatchTotals {
		EnumMap<DeviceStatus, Long> copy = new EnumMap<>(DeviceStatus.class);
		for (DeviceStatus status : DeviceStatus.values()) {
			copy.put(status, byStatus.getOrDefault(status, 0L));
		}
		byStatus = Collections.unmodifiableMap(copy);
	}

	public long count(DeviceStatus status) {
		return this.byStatus.get(status);
	}

	public long total() {
		return this.byStatus.values().stream().mapToLong(Long::longValue).sum();
	}

	/** Devices still to be brought to a final status. */
	public long unfinished() {
		return count(DeviceStatus.PENDING) + count(DeviceStatus.REGISTERING);
	}

	/** Devices DPS did not assign (failed, disabled, unauthorized, timed out, error). */
	public long notAssigned() {
		return DeviceStatus.NOT_ASSIGNED.stream().mapToLong(this::count).sum();
	}

}
