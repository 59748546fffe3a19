package io.dpsbatch.results;

/**
 * A device waiting to be registered.
 *
 * @param line its manifest line (its key within the batch)
 * @param registrationId its registration ID
 * @param payload its custom allocation payload or {@code null}
 * @param lookupFirst whether DPS may already know it (resumed claim, another batch)
 */
public record PendingDevice(long line, String registrationId, String payload, boolean lookupFirst) {
}
