package io.dpsbatch.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The manifests the scenarios provision, each made once and kept in
 * target/bench/manifests/.
 */
final class Manifests {

	private Manifests() {
	}

	/** {@code devices} rows with two attribute columns. */
	static Path devices(Workspace workspace, int devices) throws IOException {
		return made(workspace.work().resolve("manifests/devices-" + devices + ".csv"),
				"registrationId,serialNumber,mac", devices,
				(i) -> String.format(Locale.ROOT, "bench-dev-%07d,SN-%010d,02:00:%02x:%02x:%02x:%02x%n", i,
						7_000_000_000L + i, (i >> 24) & 0xff, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff));
	}

	/** Half of the devices in the default enrollment, half in {@code second}, in turn. */
	static Path mixed(Workspace workspace, int devices, String second) throws IOException {
		return made(workspace.work().resolve("manifests/mixed-" + devices + ".csv"),
				"registrationId,enrollment,serialNumber", devices, (i) -> String.format(Locale.ROOT,
						"bench-mix-%07d,%s,SN-%010d%n", i, (i % 2 == 0) ? second : "", 7_000_000_000L + i));
	}

	/**
	 * The file, written (through a partial file, so that an interrupted one is never
	 * taken) unless it is there.
	 */
	private static Path made(Path file, String header, int devices, IntFunction<String> row) throws IOException {
		if (Files.isRegularFile(file)) {
			return file;
		}
		Files.createDirectories(file.getParent());
		Path partial = file.resolveSibling(file.getFileName() + ".part");
		try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
			out.write(header + "\n");
			for (int i = 1; i <= devices; i++) {
				out.write(row.apply(i));
			}
		}
		Files.move(partial, file);
		return file;
	}

}
