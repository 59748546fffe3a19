package io.dpsbatch.cli;

import java.io.PrintWriter;

import io.dpsbatch.job.RunResult;
import io.dpsbatch.results.BatchTotals;
import io.dpsbatch.results.DeviceStatus;

/** The short table an operator reads at the end of a run. */
final class RunReport {

	private final PrintWriter out;

	RunReport(PrintWriter out) {
		this.out = out;
	}

	void print(RunResult result) {
		BatchTotals totals = result.totals();
		String state = switch (result.state()) {
			case COMPLETED -> "finished";
			case ALREADY_FINISHED -> "was already finished; nothing was changed";
			case FAILED -> "stopped before the end (resumable)";
		};
		this.out.printf("Batch %s %s%n", result.batch(), state);
		printCounts(this.out, totals);
		this.out.printf("  %-14s %8d   (throttled responses: %d)%n", "register calls", totals.registerCalls(),
				totals.throttledResponses());
		if (totals.usedSecondaryKey() > 0) {
			this.out.printf("  %d device(s) were registered with the secondary group key: DPS refused the primary%n",
					totals.usedSecondaryKey());
		}
		this.out.printf("Files: %s (credentials.csv, failures.csv, rejects.csv, summary.json)%n",
				result.outputFolder());
	}

	static void printCounts(PrintWriter out, BatchTotals totals) {
		for (DeviceStatus status : DeviceStatus.values()) {
			long count = totals.count(status);
			if (count > 0 || status == DeviceStatus.ASSIGNED) {
				out.printf("  %-14s %8d%n", status.name().toLowerCase().replace('_', ' '), count);
			}
		}
		out.printf("  %-14s %8d%n", "total", totals.total());
	}

}
