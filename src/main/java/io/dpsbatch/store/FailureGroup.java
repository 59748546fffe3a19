package io.dpsbatch.store;

/**
 * Devices of a batch that DPS did not assign, grouped by status and error code.
 *
 * @param status their status
 * @param errorCode DPS's error code, or {@code null} when there was none
 * @param devices how many devices
 * @param example the error message of one of them
 */
public record FailureGroup(DeviceStatus status, String errorCode, long devices, String example) {
}
