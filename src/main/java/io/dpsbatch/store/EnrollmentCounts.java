package io.dpsbatch.store;

import java.util.EnumMap;
import java.util.Map;

/**
 * One enrollment's devices in a batch: how many stand at each status, and the register calls
 * sent for them. Names only, nothing secret.
 *
 * @param enrollment its name in lower case, {@code ""} for the default enrollment (and for rows rejected
 * before an enrollment was chosen)
 * @param counts devices per status
 * @param registerCalls register calls sent for its devices, over all runs
 */
public record EnrollmentCounts(String enrollment, Map<DeviceStatus, Long> counts, long registerCalls) {

	public EnrollmentCounts {
		counts = new EnumMap<>(counts.isEmpty() ? Map.of(DeviceStatus.PENDING, 0L) : counts);
	}

	public long count(DeviceStatus status) {
		return this.counts.getOrDefault(status, 0L);
	}

	public long total() {
		return this.counts.values().stream().mapToLong(Long::longValue).sum();
	}

	/** How summaries and {@code status} name it. */
	public String displayName() {
		return this.enrollment.isEmpty() ? "(default)" : this.enrollment;
	}

}
