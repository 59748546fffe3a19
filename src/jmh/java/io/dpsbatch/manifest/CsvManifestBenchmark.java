package io.dpsbatch.manifest;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Reading a manifest, per row: CSV parsing into ManifestRow, then the row checks of the import. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CsvManifestBenchmark {

	static final int ROWS = 10_000;

	private final ManifestRowValidator validator = new ManifestRowValidator();

	private Path file;

	@Setup(Level.Trial)
	public void writeManifest() throws IOException {
		this.file = Files.createTempFile("manifest-", ".csv");
		try (Writer out = Files.newBufferedWriter(this.file, StandardCharsets.UTF_8)) {
			out.write("registrationId,serialNumber,mac,payload\n");
			for (int i = 0; i < ROWS; i++) {
				out.write(String.format("line-7-sn-%07d,SN-%010d,02:00:00:%02x:%02x:%02x,\"{\"\"line\"\":7}\"%n", i,
						7_000_000_000L + i, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff));
			}
		}
	}

	@TearDown(Level.Trial)
	public void deleteManifest() throws IOException {
		Files.deleteIfExists(this.file);
	}

	@Benchmark
	@OperationsPerInvocation(ROWS)
	public int parseRow() {
		return readAll((row) -> row.registrationId().length());
	}

	@Benchmark
	@OperationsPerInvocation(ROWS)
	public int parseAndCheckRow() {
		return readAll((row) -> this.validator.problemWith(row).isEmpty() ? 1 : 0);
	}

	/** Reads the whole manifest, adding up what {@code use} makes of each row (so that none is optimised away). */
	private int readAll(ToIntFunction<ManifestRow> use) {
		int total = 0;
		try (CsvManifestParser parser = CsvManifestParser.open(this.file, null)) {
			for (ManifestRow row = parser.next(); row != null; row = parser.next()) {
				total += use.applyAsInt(row);
			}
		}
		return total;
	}

}
