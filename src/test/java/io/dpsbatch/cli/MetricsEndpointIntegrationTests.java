package io.dpsbatch.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.WithEmulator;
import io.dpsbatch.keys.GroupKey;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The "metrics" profile serves the run's meters to Prometheus while the run lasts. */
class MetricsEndpointIntegrationTests {

	private static final Pattern ASSIGNED = Pattern
		.compile("(?m)^dpsbatch_registrations_total\\{outcome=\"assigned\"[^}]*} ([0-9.]+)$");

	@TempDir
	Path work;

	private DpsEmulator emulator;

	@Test
	@WithEmulator("assignment-delay=300ms")
	void prometheusSeesRegistrationsWhileTheRunLasts(DpsEmulator emulator) throws Exception {
		// slow enough (200 devices, 10 at a time, 300 ms each) that the endpoint can be
		// scraped mid-run
		this.emulator = emulator;
		Path manifest = Files.write(this.work.resolve("metered.csv"),
				Stream.concat(Stream.of("registrationId"), IntStream.range(0, 200).mapToObj((i) -> "metered-" + i))
					.toList());
		int port = freePort();
		CliRunner cli = new CliRunner(this.work).against(this.emulator)
			.with("--spring.profiles.active=metrics")
			.with("--server.port=" + port)
			.with("--dps.max-in-flight=10");
		CompletableFuture<CliRunner.Result> run = CompletableFuture
			.supplyAsync(() -> cli.run("provision", "--manifest", manifest.toString()));

		String scrape = scrapeUntilSomeAssigned(port, run);
		CliRunner.Result result = run.get(2, TimeUnit.MINUTES);

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(scrape).contains("dpsbatch_registration_latency_seconds")
			.contains("dpsbatch_registrations_in_flight")
			.contains("dpsbatch_dps_pace_registrations_per_minute")
			.contains("dpsbatch_dps_requests_total{call=\"register\"")
			.contains("dpsbatch_dps_throttled_total")
			.doesNotContain(this.emulator.groupKey())
			.doesNotContain(GroupKey.fromBase64(this.emulator.groupKey()).deriveDeviceKey("metered-0").toBase64());
	}

	private static String scrapeUntilSomeAssigned(int port, CompletableFuture<CliRunner.Result> run) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(5))
			.build();
		AtomicReference<String> last = new AtomicReference<>("");
		try {
			return await().atMost(Duration.ofMinutes(1))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(100))
				// an IOException: the server is not up yet
				.ignoreExceptionsInstanceOf(IOException.class)
				.failFast(run::isDone)
				.until(() -> {
					HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
					last.set(response.body());
					Matcher assigned = ASSIGNED.matcher(response.body());
					boolean some = response.statusCode() == 200 && assigned.find()
							&& Double.parseDouble(assigned.group(1)) > 0;
					return some ? response.body() : null;
				}, Objects::nonNull);
		}
		catch (ConditionTimeoutException | TerminalFailureException ex) {
			throw new AssertionError("no assigned registrations seen on the endpoint during the run; last scrape:\n"
					+ last.get() + "\nrun: " + (run.isDone() ? run.join() : "still running"), ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
