package io.dpsbatch.cli;

import java.util.List;
import java.util.Map;

import io.dpsbatch.job.ProvisioningService;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.BatchState;
import io.dpsbatch.store.BatchTotals;
import io.dpsbatch.store.DeviceStatus;
import io.dpsbatch.store.EnrollmentCounts;
import io.dpsbatch.store.FailureGroup;
import io.dpsbatch.store.RunLocks;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
		description = { "Lists the batches in the results store with their counts per device status, or one batch "
				+ "in detail: counts per status and per IoT hub, and the failures grouped by error code." })
class StatusCommand extends Subcommand {

	/** Longest example error message shown for a group of failures. */
	private static final int EXAMPLE_CHARS = 100;

	@ArgGroup(exclusive = false, multiplicity = "0..1")
	BatchOption batch;

	@Override
	public Integer call() throws Exception {
		return this.contexts.withApplication(Map.of(), (services) -> {
			if (this.batch != null) {
				BatchRecord record = services.batches().batch(this.batch.checked());
				detail(record, services);
				return ExitCodes.OK;
			}
			List<BatchRecord> batches = services.batches().batches();
			if (batches.isEmpty()) {
				this.out.println("No batches in the results store yet.");
				return ExitCodes.OK;
			}
			this.out.printf("%-30s %8s %8s %8s %8s %8s  %s%n", "batch", "devices", "assigned", "failed", "rejected",
					"pending", "started");
			for (BatchRecord record : batches) {
				BatchTotals totals = services.reports().totals(record.name());
				this.out.printf("%-30s %8d %8d %8d %8d %8d  %s%n", record.name(), totals.total(),
						totals.count(DeviceStatus.ASSIGNED), totals.notAssigned(), totals.count(DeviceStatus.REJECTED),
						totals.unfinished(), record.createdAt());
			}
			return ExitCodes.OK;
		});
	}

	private void detail(BatchRecord record, CommandServices services) {
		String name = record.name();
		BatchTotals totals = services.reports().totals(name);
		BatchState state = services.batches().state(name);
		this.out.printf("Batch %s%n", name);
		this.out.printf("  source         %s%n", record.source());
		this.out.printf("  DPS            %s (ID scope %s)%n", record.endpoint(), record.idScope());
		this.out.printf("  group key      %s%n", record.keyFingerprint());
		this.out.printf("  started        %s%n", record.createdAt());
		this.out.printf("  state          %s%n", state(name, services.locks(), services.provisioning()));
		if (state.retries() > 0) {
			this.out.printf("  retry-failed   %d run(s)%n", state.retries());
		}
		RunReport.printCounts(this.out, totals);
		this.out.printf("  register calls %d, status lookups %d, throttled responses %d%n", totals.registerCalls(),
				totals.lookupCalls(), totals.throttledResponses());
		List<EnrollmentCounts> enrollments = services.reports().countsPerEnrollment(name);
		if (enrollments.size() > 1 || (enrollments.size() == 1 && !enrollments.get(0).enrollment().isEmpty())) {
			// names and counts only: status never opens a keys file
			this.out.printf("Per enrollment:%n  %-30s %8s %8s %8s %8s %8s %8s%n", "enrollment", "devices", "assigned",
					"failed", "rejected", "pending", "register");
			for (EnrollmentCounts enrollment : enrollments) {
				this.out.printf("  %-30s %8d %8d %8d %8d %8d %8d%n", enrollment.displayName(), enrollment.total(),
						enrollment.assigned(), enrollment.notAssigned(), enrollment.count(DeviceStatus.REJECTED),
						enrollment.unfinished(), enrollment.registerCalls());
			}
		}
		Map<String, Long> hubs = services.reports().assignedPerHub(name);
		if (!hubs.isEmpty()) {
			this.out.println("Assigned per IoT hub:");
			hubs.forEach((hub, count) -> this.out.printf("  %-50s %8d%n", hub, count));
		}
		List<FailureGroup> failures = services.reports().failuresByCode(name);
		if (!failures.isEmpty()) {
			this.out.println("Not assigned, by error code ('retry-failed --batch " + name + "' tries them again):");
			for (FailureGroup group : failures) {
				this.out.printf("  %-10s %-13s %8d   e.g. %s%n", (group.errorCode() != null) ? group.errorCode() : "-",
						group.status().name().toLowerCase(), group.devices(), example(group.example()));
			}
		}
	}

	private static String state(String name, RunLocks locks, ProvisioningService provisioning) {
		if (locks.isRunning(name)) {
			return "running" + locks.lastRun(name).map(RunLocks.RunOwner::inParentheses).orElse("");
		}
		// finished means the job ran to its end, files included: not merely that every
		// device has an outcome
		return provisioning.isFinished(name) ? "finished" : "unfinished (run the same command again to resume it)";
	}

	private static String example(String message) {
		if (message == null) {
			return "(no message)";
		}
		// an error message comes from DPS: shown on one line, and what could still
		// rewrite the terminal (control and bidirectional formatting characters) shown as
		// escapes, as for any text from outside
		String line = message.replaceAll("\\s+", " ").strip();
		return ConsoleText
			.printable((line.length() <= EXAMPLE_CHARS) ? line : line.substring(0, EXAMPLE_CHARS - 1) + "…");
	}

}
