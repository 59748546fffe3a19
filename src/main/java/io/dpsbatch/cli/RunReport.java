package io.dpsbatch.cli;

import java.io.PrintWriter;

import io.dpsbatch.job.RunResult;
import io.dpsbatch.store.BatchTotals;
import io.dpsbatch.store.DeviceStatus;

/** The short table an operator reads at the end of a run. */
final class RunReport {

	private final PrintWriter out;

	RunReport(PrintWriter out) {
		this.out = out;
	}

	private void print(RunResult result) {
		BatchTotals totals = result.totals();
		String state = switch (result.state()) {
			case COMPLETED -> "finished";
			case ALREADY_FINISHED -> "was already finished; nothing was changed";
			case FAILED -> "stopped before the end (resumable)";
			case NOTHING_TO_RETRY -> "has no device that DPS did not assign; nothing was changed";
			case INTERRUPTED -> "was interrupted and stopped at a safe point (resumable)";
		};
		this.out.printf("Batch %s %s%n", result.batch(), state);
		printCounts(this.out, totals);
		this.out.printf("  %-16s %6d   (throttled responses: %d)%n", "register calls", totals.registerCalls(),
				totals.throttledResponses());
		if (totals.usedSecondaryKey() > 0) {
			this.out.printf("  %d device(s) were registered with the secondary group key: DPS refused the primary%n",
					totals.usedSecondaryKey());
		}
		if (result.state() == RunResult.State.COMPLETED || result.state() == RunResult.State.ALREADY_FINISHED) {
			this.out.printf("Files: %s (credentials, failures.csv, rejects.csv, summary.json, report.html)%n",
					result.outputFolder());
		}
	}

	/**
	 * Prints the report, and on stderr what stopped a run that did not finish.
	 * @return the exit code of the run
	 */
	int report(RunResult result, PrintWriter err) {
		print(result);
		if (result.state() == RunResult.State.FAILED) {
			err.println("error: " + ConsoleText.printable(result.failure()));
			err.println("The batch is safe in the results store; run the same command again to resume it.");
		}
		if (result.state() == RunResult.State.INTERRUPTED) {
			err.println("interrupted: batch " + result.batch() + " stopped at a safe point; run the same command "
					+ "again to resume it.");
		}
		return result.exitCode();
	}

	/**
	 * One line per status that has devices: labels up to "already assigned", the counts
	 * aligned after them.
	 */
	static void printCounts(PrintWriter out, BatchTotals totals) {
		for (DeviceStatus status : DeviceStatus.values()) {
			long count = totals.count(status);
			if (count > 0 || status == DeviceStatus.ASSIGNED) {
				out.printf("  %-16s %6d%n", status.name().toLowerCase().replace('_', ' '), count);
			}
		}
		out.printf("  %-16s %6d%n", "total", totals.total());
	}

}
