package io.dpsbatch.store;

import io.dpsbatch.dps.RegistrationOutcome;

/** A device's outcome, keyed by its manifest line within the batch. */
public record LineOutcome(long line, RegistrationOutcome outcome) {
}
