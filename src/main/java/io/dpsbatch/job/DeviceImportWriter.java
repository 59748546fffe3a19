package io.dpsbatch.job;

import java.util.List;

import io.dpsbatch.store.DeviceImport;
import io.dpsbatch.store.ImportedRow;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Writes a chunk of manifest rows into the results store, in the chunk's transaction,
 * where duplicates are recognised against every row imported before (so memory does not
 * grow with the manifest).
 */
class DeviceImportWriter implements ItemWriter<ImportedRow> {

	private final String batch;

	private final DeviceImport deviceImport;

	DeviceImportWriter(String batch, DeviceImport deviceImport) {
		this.batch = batch;
		this.deviceImport = deviceImport;
	}

	@Override
	public void write(Chunk<? extends ImportedRow> chunk) {
		if (!chunk.isEmpty()) {
			this.deviceImport.importRows(this.batch, List.copyOf(chunk.getItems()));
		}
	}

}
