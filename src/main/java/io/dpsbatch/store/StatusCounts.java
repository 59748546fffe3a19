package io.dpsbatch.store;

/**
 * Devices counted per status, and what the counts add up to. The one place that says
 * which statuses count as assigned, not assigned and unfinished: the command line,
 * summary.json and report.html all read them from here, for a batch ({@link BatchTotals})
 * or one enrollment of it ({@link EnrollmentCounts}).
 */
public interface StatusCounts {

	/** Devices at this status; 0 for a status that none is at. */
	long count(DeviceStatus status);

	default long total() {
		long total = 0;
		for (DeviceStatus status : DeviceStatus.values()) {
			total += count(status);
		}
		return total;
	}

	/**
	 * Devices assigned, by this batch or already by another
	 * ({@link DeviceStatus#ALREADY_ASSIGNED}).
	 */
	default long assigned() {
		return count(DeviceStatus.ASSIGNED) + count(DeviceStatus.ALREADY_ASSIGNED);
	}

	/** Devices DPS did not assign (failed, disabled, unauthorized, timed out, error). */
	default long notAssigned() {
		return DeviceStatus.NOT_ASSIGNED.stream().mapToLong(this::count).sum();
	}

	/** Devices DPS gave a final status in this batch: assigned by it, or not assigned. */
	default long answered() {
		return count(DeviceStatus.ASSIGNED) + notAssigned();
	}

	/** Devices still to be brought to a final status. */
	default long unfinished() {
		return count(DeviceStatus.PENDING) + count(DeviceStatus.REGISTERING);
	}

}
