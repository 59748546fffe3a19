package io.dpsbatch.manifest;

import java.nio.file.Path;
import java.util.Objects;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Reads the rows of a manifest file one at a time, in constant memory. Restartable: the
 * number of rows read is saved in the step's execution context (key
 * {@code manifest.read.count}), and a reader opened with that context passes over those
 * rows without building them.
 * <p>
 * The file is read exactly as {@link CsvManifest#scan} reads it; a file problem surfaces
 * as a {@link ManifestFormatException}. Restarting over a file that changed since it was
 * read is the caller's concern: compare {@link ManifestScan#sha256()} with the one
 * recorded when the batch started.
 */
public class CsvManifestReader extends AbstractItemCountingItemStreamItemReader<ManifestRow> {

	private final Path file;

	private CsvManifestParser parser;

	public CsvManifestReader(Path file) {
		this.file = Objects.requireNonNull(file, "file");
		setName("manifest");
	}

	/** The manifest's columns; available once the reader is open. */
	public ManifestHeader header() {
		if (this.parser == null) {
			throw new IllegalStateException("The manifest reader is not open");
		}
		return this.parser.header();
	}

	@Override
	public void open(ExecutionContext executionContext) throws ItemStreamException {
		try {
			super.open(executionContext);
		}
		catch (ItemStreamException ex) {
			throw ManifestFormatException.unwrapped(ex);
		}
	}

	@Override
	protected void doOpen() {
		this.parser = CsvManifestParser.open(this.file, null);
	}

	@Override
	protected ManifestRow doRead() {
		return this.parser.next();
	}

	@Override
	protected void jumpToItem(int itemIndex) {
		for (int i = 0; i < itemIndex; i++) {
			if (!this.parser.skip()) {
				throw new ManifestFormatException(this.file, "has " + i + " rows, but " + itemIndex
						+ " had already been read when the batch stopped; the file changed since");
			}
		}
	}

	@Override
	protected void doClose() {
		if (this.parser != null) {
			this.parser.close();
			this.parser = null;
		}
	}

}
