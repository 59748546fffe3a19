package io.dpsbatch.store;

import java.time.Instant;
import java.util.List;

/**
 * What a batch was started with. A resumed run must match it, so that one batch never
 * mixes two manifests, two group keys or two DPS instances.
 *
 * @param name the batch name (also its output folder)
 * @param source the manifest path, or a description of the database source
 * @param manifestSha256 SHA-256 of the manifest bytes, or {@code null} for database
 * sources
 * @param keyFingerprint fingerprint of the group key (not the key; see
 * GroupKey#fingerprint)
 * @param idScope the DPS ID scope
 * @param endpoint the DPS endpoint
 * @param attributeColumns the manifest's attribute columns, in order
 * @param totalRows the manifest's data rows
 * @param createdAt when the batch was first started
 */
public record BatchRecord(String name, String source, String manifestSha256, String keyFingerprint, String idScope,
		String endpoint, List<String> attributeColumns, long totalRows, Instant createdAt) {

	/** Whether the batch was read from a database rather than a manifest file. */
	public boolean fromDatabase() {
		return this.manifestSha256 == null;
	}

}
