package io.dpsbatch.output;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.BatchTotals;
import io.dpsbatch.store.DeviceStatus;
import io.dpsbatch.text.Durations;

import org.springframework.web.util.HtmlUtils;

/**
 * report.html: one page that opens offline in any browser (inline CSS and SVG, system
 * fonts, no script, nothing fetched). Text from outside (manifest, DPS messages) is
 * escaped. Numbers that a test or a script may want carry them plainly in {@code data-}
 * attributes next to the formatted text.
 * <p>
 * It is written like the other output files, one more view of the store
 * ({@link PrivateFiles}: 0600, atomic).
 */
final class ReportPage {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final String STYLE = """
			body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
			main{max-width:960px;margin:0 auto;padding:20px}
			h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:0 0 10px}
			.sub,.muted{color:#59636e;font-size:13px}
			section{background:#fff;border:1px solid #d1d9e0;border-radius:6px;padding:14px 16px;margin:14px 0}
			.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:10px;background:none;border:0;padding:0}
			.card{background:#fff;border:1px solid #d1d9e0;border-radius:6px;padding:10px 12px}
			.card b{display:block;font-size:22px}.card span{color:#59636e;font-size:12px}
			.ok b{color:#1a7f37}.warn b{color:#9a6700}.bad b{color:#cf222e}
			table{border-collapse:collapse;width:100%;font-size:13px}
			th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
			td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
			.cols{display:grid;grid-template-columns:1fr 1fr;gap:14px}.cols section{margin:0}
			svg{width:100%;height:auto;font-size:11px;fill:#59636e}
			svg .calls{fill:#54aeff}svg .bin{fill:#8c959f}svg .tail{fill:#cf222e}
			svg .pace{fill:none;stroke:#1a7f37;stroke-width:2}svg .grid{stroke:#eaeef2}
			svg .throttled line{stroke:#cf222e;stroke-opacity:.35}svg .throttled circle{fill:#cf222e}
			svg .percentile{stroke:#1f2328;stroke-dasharray:4 3}
			.legend{font-size:12px;color:#59636e}.legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
			""";

	private final BatchReport report;

	private final StringBuilder html = new StringBuilder(64 * 1024);

	private ReportPage(BatchReport report) {
		this.report = report;
	}

	static String render(BatchReport report) {
		return new ReportPage(report).page();
	}

	private String page() {
		BatchRecord batch = this.report.batch();
		BatchTotals totals = this.report.totals();
		Map<String, Long> percentiles = BatchExporter.percentiles(this.report.latenciesMillis());
		this.html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
			.append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
			.append("<title>Batch ")
			.append(text(batch.name()))
			.append(" · dps-batch</title><style>")
			.append(STYLE)
			.append("</style></head><body><main><h1>Batch ")
			.append(text(batch.name()))
			.append("</h1>")
			.append("<p class=\"sub\">")
			.append(text(batch.source()))
			.append(" · ID scope ")
			.append(text(batch.idScope()))
			.append(" · ")
			.append(text(batch.endpoint()))
			.append(" · report written ")
			.append(TIME.format(this.report.now()))
			.append("</p>");
		glance(totals);
		this.html
			.append("<section><h2>Register calls per minute</h2><p class=\"legend\"><i style=\"background:#54aeff\">"
					+ "</i>register calls/min (buckets of ")
			.append(BatchHistory.BUCKET.toSeconds())
			.append(" s)<i style=\"background:#1a7f37\"></i>pace in force<i style=\"background:#cf222e;border-radius:5px\">"
					+ "</i>answered 429 (")
			.append(this.report.traffic().stream().mapToLong(BatchHistory.Bucket::throttled).sum())
			.append(")</p>")
			.append(ReportCharts.traffic(this.report.traffic()))
			.append("</section>");
		this.html.append("<section><h2>Latency</h2><p class=\"legend\">");
		percentiles.forEach((name, value) -> this.html.append("<span class=\"percentile\" data-name=\"")
			.append(name)
			.append("\" data-millis=\"")
			.append(value)
			.append("\">")
			.append(name)
			.append(" ")
			.append(ReportCharts.millis(value))
			.append("</span> · "));
		this.html.append(this.report.latenciesMillis().length)
			.append(" devices with a final status from DPS</p>")
			.append(ReportCharts.latency(this.report.latenciesMillis(), percentiles))
			.append("</section>");
		this.html.append("<div class=\"cols\">");
		table("hubs", "Devices per IoT hub", List.of("IoT hub", "devices"),
				this.report.hubs()
					.entrySet()
					.stream()
					.map((hub) -> List.<Object>of(String.valueOf(hub.getKey()), hub.getValue()))
					.toList());
		table("rejects", "Rejects by reason", List.of("reason", "rows", "example"),
				this.report.rejects()
					.stream()
					.map((group) -> List.<Object>of(group.reason(), group.rows(), group.example()))
					.toList());
		this.html.append("</div>");
		table("failures", "Failures by error code", List.of("status", "error code", "devices", "example message"),
				this.report.failures()
					.stream()
					.map((group) -> List.<Object>of(label(group.status()),
							(group.errorCode() != null) ? group.errorCode() : "–", group.devices(),
							String.valueOf(group.example())))
					.toList());
		table("runs", "Runs of the batch", List.of("run", "kind", "started", "ended", "took", "exit code"),
				this.report.runs()
					.stream()
					.map((run) -> List.<Object>of(run.number(), run.kind(), TIME.format(run.started()),
							(run.ended() != null) ? TIME.format(run.ended())
									: "no end recorded (running, or its process died); last seen "
											+ TIME.format(this.report.end(run)),
							Durations.elapsed(Duration.between(run.started(), this.report.end(run))),
							(run.exitCode() != null) ? String.valueOf(run.exitCode()) : "–"))
					.toList());
		return this.html
			.append("<p class=\"muted\">dps-batch · this page holds counts and messages only: no key, "
					+ "no token.</p></main></body></html>\n")
			.toString();
	}

	private void glance(BatchTotals totals) {
		Integer exit = this.report.exitCode();
		this.html.append("<section class=\"cards\" id=\"glance\">");
		card("exit-code", (exit != null) ? String.valueOf(exit) : "–",
				(exit != null) ? "exit code of the last run" : "last run has no end recorded",
				(exit != null) ? ((exit == 0) ? "ok" : (exit == 2) ? "warn" : "bad") : "warn");
		card("devices", totals.total(), "devices", "");
		for (DeviceStatus status : DeviceStatus.values()) {
			long count = totals.count(status);
			if (count > 0 || status == DeviceStatus.ASSIGNED) {
				card("outcome-" + status.name().toLowerCase(Locale.ROOT), count, label(status),
						(status == DeviceStatus.ASSIGNED) ? "ok"
								: DeviceStatus.NOT_ASSIGNED.contains(status) ? "bad" : "warn");
			}
		}
		Duration wall = this.report.wallTime();
		this.html.append("<div class=\"card\" id=\"wall-time\" data-seconds=\"")
			.append(wall.toSeconds())
			.append("\"><b>")
			.append(Durations.elapsed(wall))
			.append("</b><span>wall time of all runs</span></div>");
		card("devices-per-second", String.format(Locale.ROOT, "%.1f", this.report.devicesPerSecond()), "devices/s", "");
		card("register-calls", totals.registerCalls(), "register calls", "");
		card("throttled", totals.throttledResponses(), "answered 429", (totals.throttledResponses() > 0) ? "warn" : "");
		this.html.append("</section>");
	}

	private void card(String id, Object value, String caption, String tone) {
		this.html.append("<div class=\"card ")
			.append(tone)
			.append("\" id=\"")
			.append(id)
			.append("\"><b>")
			.append(text(String.valueOf(value)))
			.append("</b><span>")
			.append(text(caption))
			.append("</span></div>");
	}

	private void table(String id, String title, List<String> header, List<List<Object>> rows) {
		this.html.append("<section><h2>").append(text(title)).append("</h2>");
		if (rows.isEmpty()) {
			this.html.append("<p class=\"muted\" id=\"").append(id).append("\">None.</p></section>");
			return;
		}
		this.html.append("<table id=\"").append(id).append("\"><thead><tr>");
		for (int i = 0; i < header.size(); i++) {
			boolean number = rows.get(0).get(i) instanceof Number;
			this.html.append(number ? "<th class=\"n\">" : "<th>").append(text(header.get(i))).append("</th>");
		}
		this.html.append("</tr></thead><tbody>");
		for (List<Object> row : rows) {
			this.html.append("<tr>");
			for (Object cell : row) {
				this.html.append((cell instanceof Number) ? "<td class=\"n\">" : "<td>")
					.append(text(String.valueOf(cell)))
					.append("</td>");
			}
			this.html.append("</tr>");
		}
		this.html.append("</tbody></table></section>");
	}

	private static String label(DeviceStatus status) {
		return status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
	}

	private static String text(String value) {
		return HtmlUtils.htmlEscape(value, "UTF-8");
	}

}
