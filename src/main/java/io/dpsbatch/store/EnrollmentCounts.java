package io.dpsbatch.store;

import java.util.EnumMap;
import java.util.Map;

/**
 * One enrollment's devices in a batch: how many stand at each status
 * ({@link StatusCounts}), and the register calls sent for them. Names only, nothing
 * secret.
 *
 * @param enrollment its name in lower case, {@code ""} for the default enrollment (and
 * for rows rejected before an enrollment was chosen)
 * @param counts devices per status
 * @param registerCalls register calls sent for its devices, over all runs
 */
public record EnrollmentCounts(String enrollment, Map<DeviceStatus, Long> counts,
		long registerCalls) implements StatusCounts {

	public EnrollmentCounts {
		counts = new EnumMap<>(counts.isEmpty() ? Map.of(DeviceStatus.PENDING, 0L) : counts);
	}

	@Override
	public long count(DeviceStatus status) {
		return this.counts.getOrDefault(status, 0L);
	}

	/** How summaries and {@code status} name it. */
	public String displayName() {
		return this.enrollment.isEmpty() ? "(default)" : this.enrollment;
	}

}
