package io.dpsbatch.output;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.dpsbatch.store.BatchHistory;

/**
 * The two charts of report.html as inline SVG: nothing to fetch, nothing to run, readable
 * in any browser and in a printout. Every mark carries its number (a {@code data-}
 * attribute and a tooltip), so the page can be checked against the store.
 */
final class ReportCharts {

	private static final int WIDTH = 900;

	private static final int HEIGHT = 240;

	private static final int LEFT = 60;

	private static final int RIGHT = 16;

	private static final int TOP = 26;

	private static final int BOTTOM = 26;

	/**
	 * Most bars drawn; longer runs merge neighbouring buckets (a day of traffic is still
	 * one screen).
	 */
	static final int MAX_BARS = 600;

	private static final int LATENCY_BINS = 30;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

	private ReportCharts() {
	}

	/**
	 * Register calls per minute in each bucket (bars), the pace in force (a line), and
	 * the 429s (red marks).
	 */
	static String traffic(List<BatchHistory.Bucket> recorded) {
		if (recorded.isEmpty()) {
			return "<p class=\"muted\">No register traffic was recorded for this batch.</p>";
		}
		int merge = (recorded.size() + MAX_BARS - 1) / MAX_BARS;
		Duration width = BatchHistory.BUCKET.multipliedBy(merge);
		List<BatchHistory.Bucket> buckets = merged(recorded, width);
		Instant first = buckets.get(0).start();
		Instant last = buckets.get(buckets.size() - 1).start().plus(width);
		double span = Duration.between(first, last).toMillis();
		double perMinute = 60_000.0 / width.toMillis();
		double top = 10;
		for (BatchHistory.Bucket bucket : buckets) {
			top = Math.max(top, Math.max(bucket.registerCalls() * perMinute, bucket.pacePerMinute()));
		}
		top = niceCeiling(top * 1.1);
		Plot plot = new Plot(span, top);
		StringBuilder svg = open("traffic", "Register calls per minute against the pace, with the 429 answers");
		plot.yAxis(svg, "/min");
		StringBuilder pace = new StringBuilder();
		Instant previousEnd = null;
		for (BatchHistory.Bucket bucket : buckets) {
			double x = plot.x(Duration.between(first, bucket.start()).toMillis());
			double w = Math.max(plot.x(Duration.between(first, bucket.start().plus(width)).toMillis()) - x - 0.3, 0.7);
			double rate = bucket.registerCalls() * perMinute;
			svg.append(String.format(Locale.ROOT,
					"<rect class=\"calls\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" data-calls=\"%d\">"
							+ "<title>%s UTC: %d register calls (%.0f/min), pace %d/min</title></rect>",
					x, plot.y(rate), w, plot.y(0) - plot.y(rate), bucket.registerCalls(), TIME.format(bucket.start()),
					bucket.registerCalls(), rate, bucket.pacePerMinute()));
			// the pace as a step line, broken where no run was going
			String point = String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", x, plot.y(bucket.pacePerMinute()), x + w,
					plot.y(bucket.pacePerMinute()));
			if (previousEnd == null || !previousEnd.equals(bucket.start())) {
				pace.append((pace.length() > 0) ? "\"/>" : "").append("<polyline class=\"pace\" points=\"");
			}
			pace.append(point);
			previousEnd = bucket.start().plus(width);
			if (bucket.throttled() > 0) {
				double r = 3 + Math.min(5, Math.log10(bucket.throttled()) * 2);
				svg.append(String.format(Locale.ROOT,
						"<g class=\"throttled\" data-count=\"%d\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\"/>"
								+ "<circle cx=\"%.1f\" cy=\"%d\" r=\"%.1f\"><title>%s UTC: %d answered 429</title></circle></g>",
						bucket.throttled(), x + w / 2, x + w / 2, TOP, plot.y(0), x + w / 2, TOP - 10, r,
						TIME.format(bucket.start()), bucket.throttled()));
			}
		}
		svg.append(pace).append("\"/>");
		plot.xAxis(svg, TIME.format(first) + " UTC", TIME.format(last) + " UTC");
		return svg.append("</svg>").toString();
	}

	/**
	 * Devices per latency bin up to the p99 (one bin more for the slowest), with p50, p95
	 * and p99 marked.
	 */
	static String latency(long[] sorted, Map<String, Long> percentiles) {
		if (sorted.length == 0) {
			return "<p class=\"muted\">No device has a final status from DPS yet.</p>";
		}
		long binWidth = Math.max(1, (percentiles.get("p99") + LATENCY_BINS - 1) / LATENCY_BINS);
		long[] counts = new long[LATENCY_BINS + 1];
		for (long latency : sorted) {
			counts[(int) Math.min(LATENCY_BINS, latency / binWidth)]++;
		}
		long most = 1;
		for (long count : counts) {
			most = Math.max(most, count);
		}
		Plot plot = new Plot(counts.length, niceCeiling(most * 1.1));
		StringBuilder svg = open("latency", "Devices per latency, from the first request to the final status");
		plot.yAxis(svg, "");
		for (int bin = 0; bin < counts.length; bin++) {
			double x = plot.x(bin);
			String range = (bin < LATENCY_BINS) ? millis(bin * binWidth) + "–" + millis((bin + 1) * binWidth)
					: "over " + millis(bin * binWidth);
			svg.append(String.format(Locale.ROOT,
					"<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" data-count=\"%d\">"
							+ "<title>%s: %d devices</title></rect>",
					(bin < LATENCY_BINS) ? "bin" : "bin tail", x + 1, plot.y(counts[bin]), plot.x(1) - plot.x(0) - 2,
					plot.y(0) - plot.y(counts[bin]), counts[bin], range, counts[bin]));
		}
		for (String name : List.of("p50", "p95", "p99")) {
			double x = plot.x(Math.min(LATENCY_BINS, percentiles.get(name) / (double) binWidth));
			svg.append(String.format(Locale.ROOT,
					"<line class=\"percentile\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" "
							+ "y2=\"%.1f\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s %s</text>",
					x, x, TOP, plot.y(0), x, TOP - 6 - (name.equals("p95") ? 10 : 0), name,
					millis(percentiles.get(name))));
		}
		plot.xAxis(svg, "0", millis(LATENCY_BINS * binWidth) + " and over");
		return svg.append("</svg>").toString();
	}

	static String millis(long millis) {
		return (millis < 1000) ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
	}

	private static List<BatchHistory.Bucket> merged(List<BatchHistory.Bucket> buckets, Duration width) {
		if (width.equals(BatchHistory.BUCKET)) {
			return buckets;
		}
		Instant origin = buckets.get(0).start();
		List<BatchHistory.Bucket> merged = new ArrayList<>();
		for (BatchHistory.Bucket bucket : buckets) {
			long index = Duration.between(origin, bucket.start()).toMillis() / width.toMillis();
			Instant start = origin.plus(width.multipliedBy(index));
			BatchHistory.Bucket last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
			if (last != null && last.start().equals(start)) {
				merged.set(merged.size() - 1,
						new BatchHistory.Bucket(start, last.registerCalls() + bucket.registerCalls(),
								last.throttled() + bucket.throttled(), last.outcomes() + bucket.outcomes(),
								bucket.pacePerMinute()));
			}
			else {
				merged.add(new BatchHistory.Bucket(start, bucket.registerCalls(), bucket.throttled(), bucket.outcomes(),
						bucket.pacePerMinute()));
			}
		}
		return merged;
	}

	/** 1, 2 or 5 times a power of ten, at least {@code value}. */
	private static double niceCeiling(double value) {
		double power = Math.pow(10, Math.floor(Math.log10(value)));
		for (double step : new double[] { 1, 2, 5, 10 }) {
			if (step * power >= value) {
				return step * power;
			}
		}
		return 10 * power;
	}

	private static StringBuilder open(String id, String label) {
		return new StringBuilder(String.format(Locale.ROOT,
				"<svg id=\"%s\" viewBox=\"0 0 %d %d\" role=\"img\" " + "aria-label=\"%s\">", id, WIDTH, HEIGHT, label));
	}

	/**
	 * Maps data to the drawing area: x from 0 to {@code xSpan}, y from 0 to {@code yTop}.
	 */
	private record Plot(double xSpan, double yTop) {

		double x(double value) {
			return LEFT + value / this.xSpan * (WIDTH - LEFT - RIGHT);
		}

		double y(double value) {
			return HEIGHT - BOTTOM - value / this.yTop * (HEIGHT - TOP - BOTTOM);
		}

		void yAxis(StringBuilder svg, String unit) {
			for (double tick : new double[] { 0, this.yTop / 2, this.yTop }) {
				svg.append(String.format(Locale.ROOT,
						"<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
								+ "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%,.0f%s</text>",
						LEFT, WIDTH - RIGHT, y(tick), y(tick), LEFT - 6, y(tick) + 4, tick, unit));
			}
		}

		void xAxis(StringBuilder svg, String start, String end) {
			svg.append(String.format(Locale.ROOT,
					"<text x=\"%d\" y=\"%d\">%s</text><text x=\"%d\" y=\"%d\" " + "text-anchor=\"end\">%s</text>", LEFT,
					HEIGHT - 6, start, WIDTH - RIGHT, HEIGHT - 6, end));
		}

	}

}
