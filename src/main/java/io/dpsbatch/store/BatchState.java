package io.dpsbatch.store;

import java.time.Instant;

/**
 * How far a batch has come, beyond what it was started with ({@link BatchRecord}).
 *
 * @param assignedElsewhere what the batch does with devices another batch assigned
 * @param importedAt when its import step finished, or {@code null} while it has not
 * @param retries how many retry-failed runs were started for it
 */
public record BatchState(AssignedElsewhere assignedElsewhere, Instant importedAt, int retries) {

	public boolean imported() {
		return this.importedAt != null;
	}

}
