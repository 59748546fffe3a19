package io.dpsbatch.cli;

import java.util.List;
import java.util.Map;

import io.dpsbatch.job.BatchLauncher;
import io.dpsbatch.results.BatchRecord;
import io.dpsbatch.results.BatchTotals;
import io.dpsbatch.results.DeviceStatus;
import io.dpsbatch.results.ResultsStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
		description = "Lists the batches in the results store with their counts per device status, or one batch in detail.")
class StatusCommand extends BatchCommand {

	@Option(names = "--batch", paramLabel = "NAME", description = "show this batch in detail")
	String batch;

	@Override
	public Integer call() throws Exception {
		return this.contexts.withApplication(Map.of(), (context) -> {
			ResultsStore store = context.getBean(ResultsStore.class);
			if (this.batch != null) {
				BatchRecord record = store.findBatch(BatchNames.check(this.batch))
					.orElseThrow(() -> new UsageException("no batch named '" + this.batch + "' in the results store"));
				detail(record, store.totals(record.name()), context.getBean(BatchLauncher.class).isFinished(record.name()));
				return ExitCodes.OK;
			}
			List<BatchRecord> batches = store.batches();
			if (batches.isEmpty()) {
				this.out.println("No batches in the results store yet.");
				return ExitCodes.OK;
			}
			this.out.printf("%-30s %8s %8s %8s %8s %8s  %s%n", "batch", "devices", "assigned", "failed", "rejected",
					"pending", "started");
			for (BatchRecord record : batches) {
				BatchTotals totals = store.totals(record.name());
				this.out.printf("%-30s %8d %8d %8d %8d %8d  %s%n", record.name(), totals.total(),
						totals.count(DeviceStatus.ASSIGNED), totals.notAssigned(), totals.count(DeviceStatus.REJECTED),
						totals.unfinished(), record.createdAt());
			}
			return ExitCodes.OK;
		});
	}

	private void detail(BatchRecord record, BatchTotals totals, boolean finished) {
		this.out.printf("Batch %s%n", record.name());
		this.out.printf("  source         %s%n", record.source());
		this.out.printf("  DPS            %s (ID scope %s)%n", record.endpoint(), record.idScope());
		this.out.printf("  group key      %s%n", record.keyFingerprint());
		this.out.printf("  started        %s%n", record.createdAt());
		this.out.printf("  state          %s%n", finished ? "finished" : "unfinished (run provision again to resume)");
		RunReport.printCounts(this.out, totals);
		this.out.printf("  register calls %d, status lookups %d, throttled responses %d%n", totals.registerCalls(),
				totals.lookupCalls(), totals.throttledResponses());
	}

}
