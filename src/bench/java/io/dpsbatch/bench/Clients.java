package io.dpsbatch.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run.sh clients}: the CPU one DPS request costs with the JDK's HTTP client
 * and with Apache HttpClient 5 async, measured by bench/HttpClientPeer.java against one
 * emulator, {@link #CONNECTIONS} keep-alive connections each, alternating,
 * {@link #ROUNDS} rounds; medians.
 */
final class Clients {

	static final String NAME = "clients";

	/** Requests a round unless --devices says otherwise. */
	static final int REQUESTS = 6_000;

	static final int CONNECTIONS = 64;

	static final int ROUNDS = 3;

	static final List<String> CLIENTS = List.of("jdk", "apache");

	private Clients() {
	}

	static String run(Workspace workspace, int requests) throws Exception {
		double load = Table.load();
		String classpath = Processes.compilePeer(workspace, "HttpClientPeer", "bench/clients/pom.xml");
		Path dir = workspace.freshFolder(NAME);
		Map<String, List<String>> lines = new LinkedHashMap<>();
		try (Emulator emulator = Emulator.start(workspace, dir, Map.of("registrations-per-minute", "0"),
				Instant.now().plus(Versus.TIME_LIMIT))) {
			for (int round = 0; round < ROUNDS; round++) {
				for (String client : CLIENTS) {
					List<String> command = new ArrayList<>(List.of(workspace.java()));
					command.addAll(Scenario.LAUNCHER_JVM_OPTIONS);
					command.addAll(List.of("-cp", classpath, "HttpClientPeer", client,
							emulator.setting("dps.global-endpoint"), emulator.setting("dps.id-scope"),
							emulator.setting("dps.trust-store"), emulator.setting("dps.trust-store-password"),
							Integer.toString(CONNECTIONS), Integer.toString(requests / 3), Integer.toString(requests)));
					ProcessBuilder builder = new ProcessBuilder(command)
						.redirectError(dir.resolve(client + ".log").toFile());
					builder.environment().put("DPS_GROUP_KEY", emulator.setting("dps.group-key"));
					Process process = builder.start();
					String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
					process.waitFor();
					System.err.println("   " + line);
					lines.computeIfAbsent(client, (c) -> new ArrayList<>()).add(line);
				}
			}
		}
		StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nHTTP clients alone, measured %s; load "
				+ "average %.2f before; DPS register calls, %d connections, %,d requests after %,d of warm-up, JVM "
				+ "options %s; medians of %d rounds%n%n", Table.measured(), load, CONNECTIONS, requests, requests / 3,
				Scenario.LAUNCHER_JVM_OPTIONS, ROUNDS));
		out.append("| client | CPU µs per request | requests/s | rounds (CPU µs) |\n| --- | ---: | ---: | --- |\n");
		lines.forEach((client,
				results) -> out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %s |%n", client,
						median(results, "cpuMicrosPerRequest"), median(results, "requestsPerSecond"),
						results.stream().map((r) -> field(r, "cpuMicrosPerRequest")).toList())));
		return out.toString();
	}

	/** A {@code name=value} of a peer's output line, "?" when it is not there. */
	private static String field(String line, String name) {
		Matcher m = Pattern.compile(name + "=([0-9.]+)").matcher(line);
		return m.find() ? m.group(1) : "?";
	}

	private static double median(List<String> lines, String name) {
		List<Double> values = lines.stream()
			.map((l) -> field(l, name))
			.filter((v) -> !v.equals("?"))
			.map(Double::valueOf)
			.sorted()
			.toList();
		return values.isEmpty() ? Double.NaN : values.get(values.size() / 2);
	}

}
