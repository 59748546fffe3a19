package io.dpsbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.WithEmulator;
import io.dpsbatch.output.TestCertificates;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * report.html of whole runs against an emulator that throttles and fails devices: it
 * covers every run of the batch (a failed start, its resume, a retry), with the numbers
 * summary.json and the emulator give; and a certificate that cannot be used stops a run
 * before DPS is called.
 */
@WithEmulator({ "assignment-delay=0ms", "retry-after=0", "faults.throttle-rate=0.1", "faults.seed=7",
		"failing-ids=fleet-dev-0001*" })
class RunReportIntegrationTests {

	private static final int DEVICES = 120;

	@TempDir
	Path work;

	private DpsEmulator emulator;

	private CliRunner cli;

	private Path manifest;

	@BeforeEach
	void startEmulator(DpsEmulator emulator) throws IOException {
		this.emulator = emulator;
		this.cli = new CliRunner(this.work).against(this.emulator).with("--dps.max-attempts=10");
		this.manifest = CliRunner.fleetManifest(this.work, DEVICES);
	}

	@Test
	void theReportCoversEveryRunWithTheNumbersOfTheStore() throws IOException {
		// DPS unreachable: the run gives up after a few tries per device
		CliRunner.Result failed = this.cli.with("--dps.global-endpoint=https://127.0.0.1:1")
			.with("--dps.max-attempts=2")
			.run("provision", "--manifest", this.manifest.toString());
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
		Document afterFailure = report();
		assertThat(afterFailure.select("#runs tbody tr")).hasSize(1);
		assertThat(afterFailure.selectFirst("#exit-code b").text()).isEqualTo("1");

		CliRunner.Result resumed = this.cli.with("--dps.global-endpoint=" + this.emulator.endpoint())
			.with("--dps.max-attempts=10")
			.run("provision", "--manifest", this.manifest.toString());
		assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		CliRunner.Result exported = this.cli.run("export", "--batch", "fleet");
		assertThat(exported.exitCode()).as(exported.toString()).isZero();

		Document page = report();
		JsonNode summary = JsonMapper.builder()
			.build()
			.readTree(this.cli.outputOf("fleet").resolve("summary.json").toFile());
		assertThat(page.select("#runs tbody tr")).extracting((row) -> row.child(1).text() + "/" + row.child(5).text())
			.containsExactly("provision/1", "provision (resumed)/2");
		assertThat(page.selectFirst("#exit-code b").text()).isEqualTo("2");
		assertThat(number(page, "#devices b")).isEqualTo(summary.get("devices").asLong()).isEqualTo(DEVICES);
		assertThat(number(page, "#outcome-assigned b")).isEqualTo(summary.get("outcomes").get("assigned").asLong())
			.isEqualTo(DEVICES - 10);
		assertThat(number(page, "#outcome-failed b")).isEqualTo(10);
		assertThat(page.select("#failures tbody tr").get(0).child(2).text()).isEqualTo("10");
		long registerCalls = summary.get("registrationsSent").asLong();
		long throttled = summary.get("throttledResponses").asLong();
		assertThat(this.emulator.counts().throttled()).as("the emulator throttled").isPositive();
		assertThat(number(page, "#register-calls b")).isEqualTo(registerCalls);
		assertThat(sum(page, "svg#traffic rect.calls", "data-calls")).as("every register call is in the chart")
			.isEqualTo(registerCalls)
			.isEqualTo(this.emulator.counts().registerCalls());
		assertThat(sum(page, "svg#traffic g.throttled", "data-count")).as("every 429 is marked").isEqualTo(throttled);
		assertThat(sum(page, "svg#latency rect", "data-count")).isEqualTo(DEVICES);
		long hubs = page.select("#hubs tbody tr")
			.stream()
			.mapToLong((row) -> Long.parseLong(row.child(1).text()))
			.sum();
		assertThat(hubs).isEqualTo(DEVICES - 10);

		CliRunner.Result retried = this.cli.run("retry-failed", "--batch", "fleet");
		assertThat(retried.exitCode()).as(retried.toString()).isEqualTo(ExitCodes.INCOMPLETE);
		assertThat(report().select("#runs tbody tr"))
			.extracting((row) -> row.child(1).text() + "/" + row.child(5).text())
			.containsExactly("provision/1", "provision (resumed)/2", "retry-failed/2");
	}

	@Test
	void aCertificateThatCannotBeUsedIsAUsageErrorBeforeAnyCall() {
		Path stations = this.work.resolve("stations");
		TestCertificates.Station weak = TestCertificates.rsa(mkdirs(stations), "weak-station", 1024);

		CliRunner.Result result = this.cli.with("--batch.credentials-recipients=" + weak.certificate())
			.run("provision", "--manifest", this.manifest.toString());

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains(weak.certificate().toString()).contains("1024 bits is too weak");
		assertThat(this.emulator.counts().registerCalls() + this.emulator.counts().lookupCalls()).isZero();
		assertThat(this.cli.outputOf("fleet")).doesNotExist();
	}

	private Document report() throws IOException {
		return Jsoup.parse(this.cli.outputOf("fleet").resolve("report.html").toFile());
	}

	private static Path mkdirs(Path folder) {
		try {
			return Files.createDirectories(folder);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long number(Document page, String selector) {
		return Long.parseLong(page.selectFirst(selector).text());
	}

	private static long sum(Document page, String selector, String attribute) {
		return page.select(selector).stream().mapToLong((e) -> Long.parseLong(e.attr(attribute))).sum();
	}

}
