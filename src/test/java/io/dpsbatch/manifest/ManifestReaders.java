package io.dpsbatch.manifest;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/** Reads every row a manifest reader gives, from a fresh start. */
final class ManifestReaders {

	private ManifestReaders() {
	}

	static List<ManifestRow> readAll(ItemStreamReader<ManifestRow> reader) throws Exception {
		reader.open(new ExecutionContext());
		try {
			List<ManifestRow> rows = new ArrayList<>();
			for (ManifestRow row = reader.read(); row != null; row = reader.read()) {
				rows.add(row);
			}
			return rows;
		}
		finally {
			reader.close();
		}
	}

}
