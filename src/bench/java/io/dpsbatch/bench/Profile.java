package io.dpsbatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's execution samples: each sample is charged to the first
 * frame from the top that belongs to a known area (so a SHA-256 step inside a TLS
 * handshake counts as TLS, and a hash map lookup inside Jackson as JSON), then the
 * hottest methods by self time.
 */
final class Profile {

	/**
	 * Checked in order against the class name of each frame, from the top of the stack
	 * down.
	 */
	static final List<Map.Entry<String, List<String>>> AREAS = List.of(
			Map.entry("logging", List.of("ch.qos.logback.", "org.slf4j.", "org.apache.logging.")),
			Map.entry("JSON (Jackson)", List.of("tools.jackson.", "com.fasterxml.jackson.")),
			Map.entry("CSV parsing", List.of("org.apache.commons.csv.", "io.dpsbatch.manifest.")),
			Map.entry("key derivation and SAS (HMAC)", List.of("io.dpsbatch.keys.")),
			Map.entry("TLS",
					List.of("sun.security.ssl.", "javax.net.ssl.", "sun.security.ec.", "sun.security.rsa.",
							"sun.security.x509.", "sun.security.validator.", "sun.security.provider.certpath.")),
			Map.entry("database (H2, JDBC, Hikari, Spring JDBC/TX)",
					List.of("org.h2.", "com.zaxxer.", "org.springframework.jdbc.", "org.springframework.transaction.",
							"org.springframework.dao.")),
			Map.entry("Spring Batch", List.of("org.springframework.batch.")),
			Map.entry("HTTP client (JDK)", List.of("jdk.internal.net.http.", "java.net.http.")),
			Map.entry("dps-batch (other)", List.of("io.dpsbatch.")),
			Map.entry("sockets, NIO", List.of("sun.nio.", "java.nio.", "sun.net.")),
			Map.entry("crypto primitives (outside TLS/keys)",
					List.of("com.sun.crypto.", "sun.security.provider.", "javax.crypto.")),
			Map.entry("concurrency (executors, futures)", List.of("java.util.concurrent.")));

	private Profile() {
	}

	static String summarise(Path jfr) throws IOException {
		Map<String, Long> areas = new LinkedHashMap<>();
		Map<String, Long> selfTime = new HashMap<>();
		Map<String, Long> threads = new HashMap<>();
		long total = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
				continue;
			}
			RecordedStackTrace stack = event.getStackTrace();
			if (stack == null || stack.getFrames().isEmpty()) {
				continue;
			}
			total++;
			List<RecordedFrame> frames = stack.getFrames();
			RecordedFrame top = frames.get(0);
			selfTime.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
			areas.merge(area(frames), 1L, Long::sum);
			String thread = Optional.ofNullable(event.getThread("sampledThread"))
				.map((t) -> t.getJavaName() == null ? "?" : t.getJavaName().replaceAll("-?\\d+$", "-N"))
				.orElse("?");
			threads.merge(thread, 1L, Long::sum);
		}
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Profile of %s: %,d execution samples%n", jfr, total));
		out.append(section("CPU samples by area (first known frame from the top)", areas, total, 20));
		out.append(section("by thread", threads, total, 10));
		out.append(section("hottest methods (self)", selfTime, total, 25));
		return out.toString();
	}

	private static String area(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String type = frame.getMethod().getType().getName();
			for (Map.Entry<String, List<String>> area : AREAS) {
				for (String prefix : area.getValue()) {
					if (type.startsWith(prefix)) {
						return area.getKey();
					}
				}
			}
		}
		return "other (JDK, JIT, collections)";
	}

	private static String section(String title, Map<String, Long> counts, long total, int limit) {
		StringBuilder out = new StringBuilder("  " + title + ":\n");
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(limit)
			.forEach((entry) -> out.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n",
					100.0 * entry.getValue() / Math.max(1, total), entry.getKey())));
		return out.toString();
	}

}
