package io.dpsbatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.dpsbatch.output.BatchSummary;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON the benchmark reads: summary.json and the emulator's counts, into the types
 * that write them.
 */
final class Json {

	/**
	 * Lenient about fields it does not know: a newer jar may write more than this
	 * benchmark reads.
	 */
	static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/**
	 * The summary of a batch that wrote none (a run that failed early): zeros everywhere.
	 */
	static final BatchSummary NO_SUMMARY = new BatchSummary(null, null, null, null, null, 0,
			new BatchSummary.Outcomes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false, null, null, 0, 0, 0, 0, 0, 0, null,
			new BatchSummary.Latency(null, null, null, null, null), Map.of());

	private Json() {
	}

	/** A batch's summary.json, or {@link #NO_SUMMARY} when there is none. */
	static BatchSummary summary(Path file) {
		return Files.isRegularFile(file) ? MAPPER.readValue(file.toFile(), BatchSummary.class) : NO_SUMMARY;
	}

}
