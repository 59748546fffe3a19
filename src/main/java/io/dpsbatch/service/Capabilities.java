package io.dpsbatch.service;

/**
 * A device's capabilities, as an enrollment declares them.
 *
 * @param iotEdge whether the device is an IoT Edge device
 */
public record Capabilities(boolean iotEdge) {

}
