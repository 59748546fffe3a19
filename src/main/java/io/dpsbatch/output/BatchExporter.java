package io.dpsbatch.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.BatchTotals;
import io.dpsbatch.store.DeviceResult;
import io.dpsbatch.store.DeviceResults;
import io.dpsbatch.store.DeviceStatus;
import io.dpsbatch.store.EnrollmentCounts;

import io.dpsbatch.enrollment.Enrollments;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Writes a batch's output files from the results store: credentials.csv (or credentials.csv.p7m, see
 * {@link CredentialsFile}), failures.csv, rejects.csv, summary.json and report.html. Because they are views
 * of the store, writing them again (after a resume, a retry, or with the export command) gives every device
 * exactly once. No CSV cell can pass for a spreadsheet formula ({@link SpreadsheetCells}). The
 * five files are written together, each atomically and with the same refusal of unsafe files, and summary.json
 * and report.html share their reads of the store (its latencies are a good part of a large batch's export).
 */
@Component
public class BatchExporter {

	private static final Logger logger = LoggerFactory.getLogger(BatchExporter.class);

	static final String REPORT = "report.html";

	static final List<String> FAILURE_COLUMNS = List.of("registrationId", "status", "errorCode", "errorMessage",
			"attempts");

	static final List<String> REJECT_COLUMNS = List.of("line", "registrationId", "reason");

	private static final CSVFormat CSV = CSVFormat.RFC4180.builder().get();

	private final BatchRepository batches;

	private final DeviceResults reports;

	private final BatchHistory history;

	private final OutputProperties properties;

	private final Clock clock;

	private final CredentialsFile credentials;

	private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	BatchExporter(BatchRepository batches, DeviceResults reports, BatchHistory history, OutputProperties properties,
			Clock clock) {
		this.batches = batches;
		this.reports = reports;
		this.history = history;
		this.properties = properties;
		this.clock = clock;
		this.credentials = new CredentialsFile(reports);
	}

	/** The folder a batch's files go to. */
	public Path folderOf(String batch) {
		return this.properties.outputDir().resolve(batch);
	}

	/**
	 * Makes sure a batch's files can be written, before anything is registered: checks the certificates of
	 * {@code batch.credentials-recipients}, creates the batch's folder (0700), or checks that the folder and any
	 * files in it are not open to other users.
	 * @throws CredentialRecipientsException naming a certificate that cannot be used, and why
	 * @throws OutputFolderException saying what is wrong
	 */
	public void checkOutputFolder(String batchName) {
		recipients();
		Path folder = PrivateFiles.privateFolder(folderOf(batchName));
		PrivateFiles.refuseUnsafeFiles(files(folder));
	}

	/**
	 * Writes the files of a batch. Device keys are derived here, from the group key each device was
	 * registered with, or read from its individual enrollments' keys file, and go nowhere but the credentials
	 * file.
	 */
	public ExportedFiles export(String batchName, Enrollments keys) {
		BatchRecord batch = this.batches.batch(batchName);
		CredentialRecipients recipients = recipients();
		Path folder = PrivateFiles.privateFolder(folderOf(batchName));
		Path[] files = files(folder);
		PrivateFiles.refuseUnsafeFiles(files);
		Path credentials = this.credentials.write(folder, batch, keys, recipients);
		Path failures = folder.resolve("failures.csv");
		Path rejects = folder.resolve("rejects.csv");
		Path summary = folder.resolve("summary.json");
		PrivateFiles.writeAtomically(failures, (out) -> writeFailures(out, batchName));
		PrivateFiles.writeAtomically(rejects, (out) -> writeRejects(out, batchName));
		BatchTotals totals = this.reports.totals(batchName);
		Map<String, Object> summaryContent = summary(batch, totals, this.clock.instant());
		// read once for both: on a large batch it is a good part of the time the report takes
		long[] latencies = this.reports.latenciesMillis(batchName);
		summaryContent.put("latencyMillis", percentiles(latencies));
		summaryContent.put("enrollments", enrollments(this.reports.countsPerEnrollment(batchName), keys));
		PrivateFiles.writeAtomically(summary, (out) -> this.json.writeValue(out, summaryContent));
		Path report = writeReport(batch, folder, latencies);
		return new ExportedFiles(folder, credentials, failures, rejects, summary, report, totals);
	}

	/** Writes report.html alone, as a run ends: it then shows that run's end and exit code. */
	public Path writeReport(String batchName) {
		Path folder = PrivateFiles.privateFolder(folderOf(batchName));
		PrivateFiles.refuseUnsafeFiles(folder.resolve(REPORT));
		return writeReport(this.batches.batch(batchName), folder, this.reports.latenciesMillis(batchName));
	}

	private Path writeReport(BatchRecord batch, Path folder, long[] latencies) {
		long started = System.nanoTime();
		Path report = folder.resolve(REPORT);
		String page = ReportPage
			.render(BatchReport.read(this.reports, this.history, batch, latencies, this.clock.instant()));
		PrivateFiles.writeAtomically(report, (out) -> out.write(page));
		logger.debug("{}: {} written ({} characters in {} ms)", batch.name(), REPORT, page.length(),
				(System.nanoTime() - started) / 1_000_000);
		return report;
	}

	private CredentialRecipients recipients() {
		return CredentialRecipients.load(this.properties.credentialsRecipients(), this.clock.instant());
	}

	private static Path[] files(Path folder) {
		return new Path[] { folder.resolve(CredentialsFile.PLAIN), folder.resolve(CredentialsFile.ENCRYPTED),
				folder.resolve("failures.csv"), folder.resolve("rejects.csv"), folder.resolve("summary.json"),
				folder.resolve(REPORT) };
	}

	private void writeFailures(Writer out, String batch) throws IOException {
		try (CSVPrinter printer = new CSVPrinter(out, CSV)) {
			printer.printRecord(FAILURE_COLUMNS);
			forEach(batch, DeviceStatus.NOT_ASSIGNED, (device) -> printSafely(printer,
					Arrays.asList(device.registrationId(), device.status().name().toLowerCase(), device.errorCode(),
							device.errorMessage(), device.registerCalls())));
		}
	}

	private void writeRejects(Writer out, String batch) throws IOException {
		try (CSVPrinter printer = new CSVPrinter(out, CSV)) {
			printer.printRecord(REJECT_COLUMNS);
			forEach(batch, EnumSet.of(DeviceStatus.REJECTED), (device) -> printSafely(printer,
					Arrays.asList(device.line(), device.registrationId(), device.errorMessage())));
		}
	}

	/** Prints a record whose cells come from outside (the manifest, DPS): none may pass for a formula. */
	private static void printSafely(CSVPrinter printer, List<?> cells) throws IOException {
		printer.printRecord(cells.stream().map(SpreadsheetCells::neutralised));
	}

	private void forEach(String batch, java.util.Set<DeviceStatus> statuses, RowPrinter printer) {
		this.reports.forEachDevice(batch, statuses, (device) -> {
			try {
				printer.print(device);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/**
	 * The devices of each enrollment, with its ID scope and kind when it is configured: names and
	 * counts only, never a key or a fingerprint.
	 */
	static Map<String, Object> enrollments(List<EnrollmentCounts> counts, Enrollments configured) {
		Map<String, Object> enrollments = new LinkedHashMap<>();
		for (EnrollmentCounts enrollment : counts) {
			Map<String, Object> entry = new LinkedHashMap<>();
			configured.find(enrollment.enrollment()).ifPresent((found) -> {
				entry.put("idScope", found.idScope());
				entry.put("kind", found.kind().name().toLowerCase(java.util.Locale.ROOT));
			});
			entry.put("devices", enrollment.total());
			entry.put("assigned", enrollment.assigned());
			entry.put("failed", enrollment.notAssigned());
			entry.put("rejected", enrollment.count(DeviceStatus.REJECTED));
			entry.put("pending", enrollment.unfinished());
			entry.put("registerCalls", enrollment.registerCalls());
			enrollments.put(enrollment.displayName(), entry);
		}
		return enrollments;
	}

	static Map<String, Object> summary(BatchRecord batch, BatchTotals totals, Instant now) {
		Map<String, Object> outcomes = new LinkedHashMap<>();
		for (DeviceStatus status : DeviceStatus.values()) {
			outcomes.put(camelCase(status), totals.count(status));
		}
		Duration duration = Duration.between(batch.createdAt(), now);
		long done = totals.answered();
		double seconds = Math.max(duration.toMillis(), 1) / 1000.0;
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("batch", batch.name());
		summary.put("source", batch.source());
		summary.put("manifestSha256", batch.manifestSha256());
		summary.put("idScope", batch.idScope());
		summary.put("endpoint", batch.endpoint());
		summary.put("devices", totals.total());
		summary.put("outcomes", outcomes);
		summary.put("complete", totals.unfinished() == 0);
		summary.put("startedAt", batch.createdAt().toString());
		summary.put("endedAt", now.toString());
		summary.put("durationSeconds", Math.round(seconds * 10) / 10.0);
		summary.put("devicesPerSecond", Math.round(done / seconds * 10) / 10.0);
		summary.put("registrationsSent", totals.registerCalls());
		summary.put("statusLookups", totals.lookupCalls());
		summary.put("throttledResponses", totals.throttledResponses());
		summary.put("registeredWithSecondaryKey", totals.usedSecondaryKey());
		summary.put("pacePerMinuteAtEnd", totals.lastPacePerMinute());
		return summary;
	}

	/**
	 * p50, p95, p99 and max of sorted values (nearest rank), and the mean (what the devices in flight and the
	 * throughput relate by: throughput = devices in flight / mean latency); empty when there are none.
	 */
	static Map<String, Long> percentiles(long[] sorted) {
		Map<String, Long> result = new LinkedHashMap<>();
		if (sorted.length > 0) {
			for (int p : new int[] { 50, 95, 99 }) {
				int rank = (int) Math.ceil(p / 100.0 * sorted.length);
				result.put("p" + p, sorted[Math.max(0, rank - 1)]);
			}
			result.put("max", sorted[sorted.length - 1]);
			result.put("mean", Math.round(java.util.Arrays.stream(sorted).average().orElse(0)));
		}
		return result;
	}

	private static String camelCase(DeviceStatus status) {
		String[] parts = status.name().toLowerCase().split("_");
		StringBuilder name = new StringBuilder(parts[0]);
		for (int i = 1; i < parts.length; i++) {
			name.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
		}
		return name.toString();
	}

	@FunctionalInterface
	private interface RowPrinter {

		void print(DeviceResult device) throws IOException;

	}

	/** Where the files of a batch were written, and the counts they hold. */
	public record ExportedFiles(Path folder, Path credentials, Path failures, Path rejects, Path summary, Path report,
			BatchTotals totals) {
	}

}
