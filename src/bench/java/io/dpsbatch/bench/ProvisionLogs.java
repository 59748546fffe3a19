package io.dpsbatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures the provision process only writes as text: its log's rates, and its heap from
 * the JVM's GC logs ({@code -Xlog:gc} and {@code -Xlog:gc+heap+exit}).
 */
final class ProvisionLogs {

	private static final Pattern REGISTER_RATE = Pattern.compile("registered \\([^)]*\\), ([0-9.]+) devices/s");

	private static final Pattern IMPORT_RATE = Pattern.compile("import done, .* \\(([0-9.]+) rows/s\\)");

	/** A collection: the heap occupied before it and after it. */
	private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M");

	private static final Pattern HEAP_AT_EXIT = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

	private final String log;

	private final Path dir;

	private ProvisionLogs(String log, Path dir) {
		this.log = log;
		this.dir = dir;
	}

	/** The logs in a scenario's folder: provision.log, gc.log, heap-exit.log. */
	static ProvisionLogs in(Path dir) throws IOException {
		Path log = dir.resolve("provision.log");
		return new ProvisionLogs(Files.isRegularFile(log) ? Files.readString(log) : "", dir);
	}

	/** Devices a second of the register step, as it last logged them. */
	double registerStepRate() {
		return lastNumber(REGISTER_RATE);
	}

	double importRowsPerSecond() {
		return lastNumber(IMPORT_RATE);
	}

	/** Largest heap occupied after a collection: the most the run ever needed to keep. */
	long liveHeapMb() throws IOException {
		long live = 0;
		Matcher gc = GC.matcher(read("gc.log"));
		while (gc.find()) {
			live = Math.max(live, Long.parseLong(gc.group(2)));
		}
		return live;
	}

	/** Largest heap occupancy seen: before any collection, or at exit. */
	long peakHeapMb() throws IOException {
		long peak = 0;
		for (String name : List.of("gc.log", "heap-exit.log")) {
			String text = read(name);
			Matcher before = GC.matcher(text);
			while (before.find()) {
				peak = Math.max(peak, Long.parseLong(before.group(1)));
			}
			Matcher exit = HEAP_AT_EXIT.matcher(text);
			while (exit.find()) {
				peak = Math.max(peak, Long.parseLong(exit.group(1)) / 1024);
			}
		}
		return peak;
	}

	private double lastNumber(Pattern pattern) {
		Matcher matcher = pattern.matcher(this.log);
		double last = 0;
		while (matcher.find()) {
			last = Double.parseDouble(matcher.group(1));
		}
		return last;
	}

	private String read(String name) throws IOException {
		Path file = this.dir.resolve(name);
		return Files.isRegularFile(file) ? Files.readString(file) : "";
	}

}
