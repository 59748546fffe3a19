package io.dpsbatch.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.BatchTotals;
import io.dpsbatch.store.DeviceResult;
import io.dpsbatch.store.DeviceResults;
import io.dpsbatch.store.DeviceStatus;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Writes a batch's output files from the results store: credentials.csv (or
 * credentials.csv.p7m, see {@link CredentialsFile}), failures.csv, rejects.csv,
 * summary.json and report.html. Because they are views of the store, writing them again
 * (after a resume, a retry, or with the export command) gives every device exactly once.
 * No CSV cell can pass for a spreadsheet formula ({@link SpreadsheetCells}). The five
 * files are written together, each atomically and with the same refusal of unsafe files,
 * and summary.json and report.html share their reads of the store (its latencies are a
 * good part of a large batch's export).
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
	 * Makes sure a batch's files can be written, before anything is registered: checks
	 * the certificates of {@code batch.credentials-recipients}, creates the batch's
	 * folder (0700), or checks that the folder and any files in it are not open to other
	 * users.
	 * @throws CredentialRecipientsException naming a certificate that cannot be used, and
	 * why
	 * @throws OutputFolderException saying what is wrong
	 */
	public void checkOutputFolder(String batchName) {
		recipients();
		Path folder = PrivateFiles.privateFolder(folderOf(batchName));
		PrivateFiles.refuseUnsafeFiles(files(folder));
	}

	/**
	 * Writes the files of a batch. Device keys are derived here, from the group key each
	 * device was registered with, or read from its individual enrollments' keys file, and
	 * go nowhere but the credentials file.
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
		// read once for both: on a large batch it is a good part of the time the report
		// takes
		long[] latencies = this.reports.latenciesMillis(batchName);
		BatchSummary summaryContent = BatchSummary.of(batch, totals, this.clock.instant(), percentiles(latencies),
				this.reports.countsPerEnrollment(batchName), keys);
		PrivateFiles.writeAtomically(summary, (out) -> this.json.writeValue(out, summaryContent));
		Path report = writeReport(batch, folder, latencies);
		return new ExportedFiles(folder, credentials, failures, rejects, summary, report, totals);
	}

	/**
	 * Writes report.html alone, as a run ends: it then shows that run's end and exit
	 * code.
	 */
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
			forEach(batch, DeviceStatus.NOT_ASSIGNED,
					(device) -> printSafely(printer,
							Arrays.asList(device.registrationId(), device.status().name().toLowerCase(),
									device.errorCode(), device.errorMessage(), device.registerCalls())));
		}
	}

	private void writeRejects(Writer out, String batch) throws IOException {
		try (CSVPrinter printer = new CSVPrinter(out, CSV)) {
			printer.printRecord(REJECT_COLUMNS);
			forEach(batch, EnumSet.of(DeviceStatus.REJECTED), (device) -> printSafely(printer,
					Arrays.asList(device.line(), device.registrationId(), device.errorMessage())));
		}
	}

	/**
	 * Prints a record whose cells come from outside (the manifest, DPS): none may pass
	 * for a formula.
	 */
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
	 * p50, p95, p99 and max of sorted values (nearest rank), and the mean (what the
	 * devices in flight and the throughput relate by: throughput = devices in flight /
	 * mean latency); empty when there are none.
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

	@FunctionalInterface
	private interface RowPrinter {

		void print(DeviceResult device) throws IOException;

	}

	/** Where the files of a batch were written, and the counts they hold. */
	public record ExportedFiles(Path folder, Path credentials, Path failures, Path rejects, Path summary, Path report,
			BatchTotals totals) {
	}

}
