package io.dpsbatch.bench;

import java.lang.management.ManagementFactory;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.dpsbatch.output.BatchSummary;

/** The Markdown tables the benchmark prints and writes to target/bench/results.md. */
final class Table {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private Table() {
	}

	/**
	 * The system's load average now: each table says what it was before its first run.
	 */
	static double load() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	/**
	 * When, on how many cores and on which JVM:
	 * {@code 2026-12-07 23:40 on 2 cores (OpenJDK 64-Bit Server VM 17)}.
	 */
	static String measured() {
		return String.format(Locale.ROOT, "%s on %d cores (%s)", LocalDateTime.now().format(STAMP),
				Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
	}

	/** One row a scenario, then each scenario's settings and verdict. */
	static String of(List<Runner.Judged> results, double loadBefore) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Measured %s; load average %.2f before the first scenario%n%n",
				measured(), loadBefore));
		out.append(
				"| scenario | devices | wall s | run s | devices/s | register step/s | p50 ms | p95 ms | p99 ms | max ms "
						+ "| mean ms | 429s | register calls | peak heap MB (after GC) | CPU s client / emulator |\n");
		out.append(
				"| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (Runner.Judged judged : results) {
			Result r = judged.result();
			BatchSummary s = r.summary();
			BatchSummary.Latency latency = s.latencyMillis();
			out.append(String.format(Locale.ROOT,
					"| %s | %,d | %.1f | %.1f | %.1f | %.1f | %d | %d | %d | %d | %d | %d | %,d | %d (%d) "
							+ "| %.0f / %.0f |%n",
					r.scenario().name(), r.devices(), r.wallSeconds(), s.durationSeconds(), s.devicesPerSecond(),
					r.registerStepRate(), Result.orZero(latency.p50()), Result.orZero(latency.p95()),
					Result.orZero(latency.p99()), Result.orZero(latency.max()), Result.orZero(latency.mean()),
					s.throttledResponses(), s.registrationsSent(), r.peakHeapMb(), r.liveHeapMb(), r.clientCpuSeconds(),
					r.emulatorCpuSeconds()));
		}
		out.append('\n');
		for (Runner.Judged judged : results) {
			Scenario scenario = judged.result().scenario();
			out.append("- ")
				.append(scenario.name())
				.append(" (")
				.append(scenario.settingsText())
				.append("): ")
				.append(judged.verdict())
				.append('\n');
		}
		return out.toString();
	}

}
