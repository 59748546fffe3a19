package io.dpsbatch.bench;

import java.time.Duration;
import java.util.Map;

/**
 * A million devices in a small heap: the import's pace, and that nothing grows with the
 * batch.
 */
final class Scale extends Scenario {

	static final int MIN_IMPORT_ROWS_PER_SECOND = 50_000;

	static final int HEAP_MB = 256;

	Scale() {
		super("scale", 1_000_000, emulator(0, "0s", 0), unpaced(128), HEAP_MB + "m", Duration.ofMinutes(90));
	}

	@Override
	String target() {
		return format("import >= %s rows/s and the whole run completes at -Xmx%s", number(MIN_IMPORT_ROWS_PER_SECOND),
				heap());
	}

	@Override
	String verdict(Result result, Map<String, Result> done) {
		return format("import %,.0f rows/s, heap at most %d MB in use (%d MB kept after a collection) of %d MB, %s: %s",
				result.importRowsPerSecond(), result.peakHeapMb(), result.liveHeapMb(), HEAP_MB,
				(result.exitCode() == 0) ? "completed" : "did not complete",
				pass(result.importRowsPerSecond() >= MIN_IMPORT_ROWS_PER_SECOND && result.exitCode() == 0));
	}

}
