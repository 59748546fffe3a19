package io.dpsbatch.store;

/**
 * A device waiting to be registered.
 *
 * @param line its manifest line (its key within the batch)
 * @param registrationId its registration ID
 * @param payload its custom allocation payload or {@code null}
 * @param lookupFirst whether DPS may already know it (resumed claim, another batch)
 * @param enrollment the name of the enrollment that registers it, in lower case;
 * {@code ""} for the default one
 */
public record PendingDevice(long line, String registrationId, String payload, boolean lookupFirst, String enrollment) {

	public PendingDevice {
		enrollment = (enrollment != null) ? enrollment : "";
	}

	/** A device of the default enrollment. */
	public PendingDevice(long line, String registrationId, String payload, boolean lookupFirst) {
		this(line, registrationId, payload, lookupFirst, "");
	}

}
