package io.dpsbatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Manifests made for a test. */
final class TestManifests {

	private TestManifests() {
	}

	/**
	 * {@code <prefix>-0000} to {@code <prefix>-<devices - 1>}, each with a serial number,
	 * in {@code file}.
	 */
	static Path devices(Path file, String prefix, int devices) throws IOException {
		return Files
			.write(file,
					Stream
						.concat(Stream.of("registrationId,serialNumber"),
								IntStream.range(0, devices)
									.mapToObj((i) -> String.format("%s-%04d,SN-%04d", prefix, i, i)))
						.toList(),
					StandardCharsets.UTF_8);
	}

}
