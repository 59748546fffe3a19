package io.dpsbatch.manifest;

/**
 * What a full pass over a manifest found, before anything is registered.
 *
 * @param header the manifest's columns
 * @param rows the number of data records (empty lines and the header are not rows)
 * @param sha256 the SHA-256 of the file's bytes, lower-case hex: tells whether the file
 * changed since
 */
public record ManifestScan(ManifestHeader header, long rows, String sha256) {
}
