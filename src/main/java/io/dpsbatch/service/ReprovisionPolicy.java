package io.dpsbatch.service;

/**
 * What DPS does when an assigned device registers again
 * (docs/dps.md#re-provisioning-and-substatus).
 *
 * @param updateHubAssignment whether the device may be assigned to another hub
 * @param migrateDeviceData whether its twin moves with it (else it starts from the
 * initial twin)
 */
public record ReprovisionPolicy(boolean updateHubAssignment, boolean migrateDeviceData) {

}
