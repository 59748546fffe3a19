package io.dpsbatch.store;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts of a batch's devices per status ({@link StatusCounts}), and what was sent to DPS
 * for it over all runs.
 */
public record BatchTotals(Map<DeviceStatus, Long> byStatus, long registerCalls, long lookupCalls,
		long throttledResponses, long usedSecondaryKey, Integer lastPacePerMinute) implements StatusCounts {

	public BatchTotals {
		EnumMap<DeviceStatus, Long> copy = new EnumMap<>(DeviceStatus.class);
		for (DeviceStatus status : DeviceStatus.values()) {
			copy.put(status, byStatus.getOrDefault(status, 0L));
		}
		byStatus = Collections.unmodifiableMap(copy);
	}

	@Override
	public long count(DeviceStatus status) {
		return this.byStatus.get(status);
	}

}
