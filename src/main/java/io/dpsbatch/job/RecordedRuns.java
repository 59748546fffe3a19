package io.dpsbatch.job;

import java.time.Clock;
import java.util.concurrent.Callable;

import io.dpsbatch.output.BatchExporter;
import io.dpsbatch.store.BatchHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each run of a batch (its kind, start, end and exit code) in the results store,
 * and writes report.html again as the run ends, whatever the end, so that the report
 * shows the run that just ended. Neither may change how the run ends: when the store or
 * the folder fails here, the run's own outcome (and its exit code) stands and a warning
 * says what the report misses.
 */
final class RecordedRuns {

	private static final Logger logger = LoggerFactory.getLogger(RecordedRuns.class);

	private final BatchHistory history;

	private final BatchExporter exporter;

	private final Clock clock;

	RecordedRuns(BatchHistory history, BatchExporter exporter, Clock clock) {
		this.history = history;
		this.exporter = exporter;
		this.clock = clock;
	}

	RunResult record(String batch, String kind, Callable<RunResult> run) throws Exception {
		int number = this.history.runStarted(batch, kind, this.clock.instant());
		RunResult result = null;
		try {
			result = run.call();
			return result;
		}
		finally {
			// a run that throws ends like one that failed: resumable, exit code 1
			int exitCode = (result != null) ? result.exitCode() : 1;
			try {
				this.history.runEnded(batch, number, this.clock.instant(), exitCode);
				this.exporter.writeReport(batch);
			}
			catch (RuntimeException ex) {
				logger.warn("{}: cannot record the end of run {} or write report.html: {}", batch, number,
						ex.getMessage());
			}
		}
	}

}
