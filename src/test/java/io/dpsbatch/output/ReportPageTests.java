package io.dpsbatch.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.dpsbatch.dps.OutcomeStatus;
import io.dpsbatch.dps.RegistrationOutcome;
import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.BatchTotals;
import io.dpsbatch.store.DeviceStatus;
import io.dpsbatch.store.FailureGroup;
import io.dpsbatch.store.ImportedRow;
import io.dpsbatch.store.LineOutcome;
import io.dpsbatch.store.PendingDevice;
import io.dpsbatch.store.TestDatabase;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** report.html, parsed: its numbers are the store's, and it needs nothing but itself. */
class ReportPageTests {

	private static final Instant START = Instant.parse("2026-11-29T08:00:00Z");

	@TempDir
	Path out;

	private TestDatabase.Store store;

	private BatchHistory history;

	private BatchExporter exporter;

	private final io.dpsbatch.enrollment.Enrollments keys = BatchExporterTests
		.enrollments(new EnrollmentKeys(GroupKey.fromBase64(BatchExporterTests.PRIMARY), null));

	@BeforeEach
	void runABatchTwice() {
		JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.migrated());
		this.store = TestDatabase.store(jdbc.getDataSource());
		this.history = new BatchHistory(jdbc);
		this.exporter = new BatchExporter(this.store.batches(), this.store.reports(), this.history,
				new OutputProperties(this.out, List.of()),
				Clock.fixed(START.plus(Duration.ofMinutes(30)), ZoneOffset.UTC));
		this.store.batches().createBatch(TestDatabase.batch("line-1"));
		List<ImportedRow> rows = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			rows.add(TestDatabase.row(i + 2, "dev-" + i));
		}
		rows.add(TestDatabase.row(42, "DEV-1"));
		rows.add(TestDatabase.row(43, "DEV-2"));
		rows.add(new ImportedRow(44, "bad id", null, Map.of(), "registration ID contains a space"));
		this.store.imports().importRows("line-1", rows);
		List<PendingDevice> pending = this.store.queue().pending("line-1", 0, 100);
		this.store.queue().markRegistering("line-1", pending, START);
		List<LineOutcome> outcomes = new ArrayList<>();
		for (PendingDevice device : pending) {
			int i = (int) device.line() - 2;
			Instant finished = START.plusMillis(100L * (i + 1));
			String hub = "hub-" + (i % 3) + ".azure-devices.net";
			RegistrationOutcome outcome = (i < 34)
					? new RegistrationOutcome(device.registrationId(), OutcomeStatus.ASSIGNED, device.registrationId(),
							hub, "initialAssignment", null, null, 1, false, false, START, finished)
					: new RegistrationOutcome(device.registrationId(),
							(i < 38) ? OutcomeStatus.FAILED : OutcomeStatus.ERROR, null, null, null,
							(i < 38) ? "400209" : "500", "<b>DPS</b> said no to " + device.registrationId(), 2, false,
							false, START, finished);
			outcomes.add(new LineOutcome(device.line(), outcome));
		}
		this.store.queue().recordOutcomes("line-1", outcomes);
		this.store.batches().addDpsTraffic("line-1", 46, 0, 9, 700);
		int first = this.history.runStarted("line-1", "provision", START);
		this.history.addTraffic("line-1", START, 20, 0, 18, 900);
		this.history.addTraffic("line-1", START.plusSeconds(10), 10, 7, 10, 700);
		this.history.runEnded("line-1", first, START.plusSeconds(20), 1);
		int second = this.history.runStarted("line-1", "provision (resumed)", START.plusSeconds(600));
		this.history.addTraffic("line-1", START.plusSeconds(600), 16, 2, 12, 700);
		this.history.runEnded("line-1", second, START.plusSeconds(615), 2);
	}

	@Test
	void theGlanceOutcomesAndTablesAreTheStores() throws IOException {
		Document page = exportAndParse();
		BatchTotals totals = this.store.reports().totals("line-1");

		assertThat(number(page, "#exit-code b")).isEqualTo(2);
		assertThat(number(page, "#devices b")).isEqualTo(totals.total()).isEqualTo(43);
		for (DeviceStatus status : List.of(DeviceStatus.ASSIGNED, DeviceStatus.FAILED, DeviceStatus.ERROR,
				DeviceStatus.REJECTED)) {
			assertThat(number(page, "#outcome-" + status.name().toLowerCase() + " b")).as(status.name())
				.isEqualTo(totals.count(status));
		}
		assertThat(number(page, "#register-calls b")).isEqualTo(46);
		assertThat(number(page, "#throttled b")).isEqualTo(9);
		assertThat(page.selectFirst("#wall-time").attr("data-seconds")).isEqualTo("35");
		// 40 devices in 35 s
		assertThat(page.selectFirst("#devices-per-second b").text()).isEqualTo("1.1");

		Map<String, Long> hubs = new LinkedHashMap<>();
		for (Element row : page.select("#hubs tbody tr")) {
			hubs.put(row.child(0).text(), Long.parseLong(row.child(1).text()));
		}
		assertThat(hubs).isEqualTo(this.store.reports().assignedPerHub("line-1"));

		List<FailureGroup> failures = this.store.reports().failuresByCode("line-1");
		assertThat(page.select("#failures tbody tr")).hasSize(failures.size()).hasSize(2);
		for (int i = 0; i < failures.size(); i++) {
			Element row = page.select("#failures tbody tr").get(i);
			assertThat(row.child(0).text()).isEqualTo(failures.get(i).status().name().toLowerCase());
			assertThat(row.child(1).text()).isEqualTo(failures.get(i).errorCode());
			assertThat(Long.parseLong(row.child(2).text())).isEqualTo(failures.get(i).devices());
			assertThat(row.child(3).text()).isEqualTo(failures.get(i).example()).startsWith("<b>DPS</b> said no");
		}
		assertThat(page.select("#failures b")).as("messages are text, not markup").isEmpty();

		assertThat(page.select("#rejects tbody tr"))
			.extracting((row) -> row.child(0).text() + "=" + row.child(1).text())
			.containsExactly("duplicate of the device on line N (registration IDs are case-insensitive in DPS)=2",
					"registration ID contains a space=1");

		assertThat(page.select("#runs tbody tr")).extracting((row) -> row.child(1).text() + "/" + row.child(5).text())
			.containsExactly("provision/1", "provision (resumed)/2");
	}

	@Test
	void theChartsCarryTheRecordedTrafficTheThrottlingAndTheLatencies() throws IOException {
		Document page = exportAndParse();

		assertThat(page.select("svg#traffic rect.calls")).hasSize(3);
		assertThat(sum(page, "svg#traffic rect.calls", "data-calls")).isEqualTo(46);
		assertThat(sum(page, "svg#traffic g.throttled", "data-count")).isEqualTo(9);
		assertThat(page.select("svg#traffic polyline.pace")).as("one line per stretch of time a run was going")
			.hasSize(2);

		long[] latencies = this.store.reports().latenciesMillis("line-1");
		Map<String, Long> percentiles = BatchExporter.percentiles(latencies);
		for (String name : List.of("p50", "p95", "p99")) {
			assertThat(Long.parseLong(page.selectFirst(".percentile[data-name=" + name + "]").attr("data-millis")))
				.as(name)
				.isEqualTo(percentiles.get(name));
		}
		assertThat(percentiles).containsEntry("p50", 2000L).containsEntry("p99", 4000L);
		assertThat(sum(page, "svg#latency rect", "data-count")).isEqualTo(latencies.length).isEqualTo(40);
	}

	@Test
	void aRunWhoseProcessDiedCountsUpToItsLastTrafficNotUpToTheReport() throws IOException {
		this.history.runStarted("line-1", "retry-failed", START.plusSeconds(900));
		this.history.addTraffic("line-1", START.plusSeconds(900), 3, 0, 3, 900);
		this.history.addTraffic("line-1", START.plusSeconds(910), 2, 0, 2, 900);

		// half an hour after START: the process is long gone
		Document page = exportAndParse();

		assertThat(page.selectFirst("#wall-time").attr("data-seconds")).isEqualTo(String.valueOf(35 + 20));
		assertThat(page.selectFirst("#exit-code b").text()).isEqualTo("–");
		assertThat(page.select("#runs tbody tr").get(2).child(3).text())
			.isEqualTo("no end recorded (running, or its process died); last seen 2026-11-29 08:15:20 UTC");
	}

	@Test
	void aLongBatchMergesBucketsButKeepsEveryCallAndEvery429() {
		List<BatchHistory.Bucket> buckets = new ArrayList<>();
		for (int i = 0; i < 1500; i++) {
			buckets.add(new BatchHistory.Bucket(START.plusSeconds(10L * i), 150, (i % 7 == 0) ? 3 : 0, 150, 900));
		}
		Document chart = Jsoup.parse(ReportCharts.traffic(buckets));
		assertThat(chart.select("rect.calls")).hasSizeLessThanOrEqualTo(ReportCharts.MAX_BARS);
		assertThat(sum(chart, "rect.calls", "data-calls")).isEqualTo(1500L * 150);
		assertThat(sum(chart, "g.throttled", "data-count")).isEqualTo(3L * ((1500 + 6) / 7));
	}

	@Test
	void thePageFetchesNothingAndHoldsNoKey() throws IOException {
		Document page = exportAndParse();
		String html = Files.readString(this.out.resolve("line-1/report.html"));

		assertThat(page.select("script, link, img, iframe, object, embed, audio, video, source")).isEmpty();
		assertThat(page.select("[src], [href], [xlink:href], [srcset], [poster], [data]")).isEmpty();
		for (Element style : page.select("style")) {
			assertThat(style.data()).doesNotContain("@import").doesNotContainPattern(Pattern.compile("url\\s*\\("));
		}
		assertThat(page.select("[style]")).allSatisfy(
				(element) -> assertThat(element.attr("style")).doesNotContainPattern(Pattern.compile("url\\s*\\(")));
		// the DPS endpoint is shown as text; nothing points anywhere
		assertThat(html)
			.doesNotContainPattern(Pattern.compile("(src|href|srcset|action)\\s*=", Pattern.CASE_INSENSITIVE))
			.doesNotContainPattern(Pattern.compile("url\\s*\\(", Pattern.CASE_INSENSITIVE))
			.doesNotContain("@import");
		// neither the group key's fingerprint nor a key
		assertThat(html).doesNotContain("sha256:0123456789ab")
			.doesNotContain(BatchExporterTests.PRIMARY)
			.doesNotContain(GroupKey.fromBase64(BatchExporterTests.PRIMARY).deriveDeviceKey("dev-0").toBase64());
	}

	private Document exportAndParse() throws IOException {
		Path report = this.exporter.export("line-1", this.keys).report();
		return Jsoup.parse(report.toFile());
	}

	private static long number(Document page, String selector) {
		return Long.parseLong(page.selectFirst(selector).text().replace(",", ""));
	}

	private static long sum(Document page, String selector, String attribute) {
		return page.select(selector).stream().mapToLong((element) -> Long.parseLong(element.attr(attribute))).sum();
	}

}
