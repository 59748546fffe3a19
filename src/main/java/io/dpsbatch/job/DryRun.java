package io.dpsbatch.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.dpsbatch.enrollment.EnrollmentChoice;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.manifest.CsvManifest;
import io.dpsbatch.manifest.CsvManifestReader;
import io.dpsbatch.manifest.DuplicateIds;
import io.dpsbatch.manifest.ManifestDatabase;
import io.dpsbatch.manifest.ManifestHeader;
import io.dpsbatch.manifest.ManifestRow;
import io.dpsbatch.manifest.ManifestRowValidator;
import io.dpsbatch.manifest.ManifestScan;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.stereotype.Component;

/**
 * {@code provision --dry-run}: everything a run would check before calling DPS (manifest
 * format, every row, duplicates, each row's enrollment, the keys and DPS settings) and
 * every device key derived from its group or read from its individual enrollments' keys
 * file, with nothing written and no register call made. The only calls are the read calls
 * of the check of the enrollment groups through the service API, when a group has an
 * {@code enrollment-group-id} and a service connection string: they prove the service
 * credentials, the group and its key (or read the key left out).
 */
@Component
public class DryRun {

	private final ProvisioningTarget dps;

	private final ManifestDatabase database;

	DryRun(ProvisioningTarget dps, ManifestDatabase database) {
		this.dps = dps;
		this.database = database;
	}

	public Report check(Path manifest, Consumer<Reject> rejects) throws Exception {
		ManifestScan scan = CsvManifest.scan(manifest);
		return check(new CsvManifestReader(manifest), scan.header(), rejects);
	}

	/**
	 * The same checks for {@code provision --from-db}: the query's columns and every row
	 * it returns.
	 */
	public Report checkDatabase(Consumer<Reject> rejects) throws Exception {
		ManifestHeader header = this.database.check();
		return check(this.database.reader(), header, rejects);
	}

	private Report check(ItemStreamReader<ManifestRow> reader, ManifestHeader header, Consumer<Reject> rejects)
			throws Exception {
		Enrollments enrollments = this.dps.check();
		Map<String, Long> perEnrollment = new LinkedHashMap<>();
		ManifestRowValidator validator = new ManifestRowValidator();
		// a dry run keeps the IDs in memory to find duplicates; the real import uses the
		// store instead
		DuplicateIds duplicates = new DuplicateIds();
		long rows = 0;
		long valid = 0;
		long rejected = 0;
		reader.open(new ExecutionContext());
		try {
			for (ManifestRow row = reader.read(); row != null; row = reader.read()) {
				rows++;
				String problem = validator.problemWith(row).orElse(null);
				if (problem == null) {
					problem = duplicates.rejectIfRepeated(row.registrationId(), row.line()).orElse(null);
				}
				EnrollmentChoice choice = null;
				if (problem == null) {
					choice = enrollments.choose(row.enrollment(), row.registrationId());
					problem = choice.rejectReason();
				}
				if (problem != null) {
					rejected++;
					rejects.accept(new Reject(row.line(), row.registrationId(), problem));
				}
				else {
					// derived from the group, or read from the keys file: the whole file
					// is proven usable
					choice.enrollment().keysFor(row.registrationId()).orElseThrow();
					perEnrollment.merge(choice.enrollment().isDefault() ? "(default)" : choice.enrollment().name(), 1L,
							Long::sum);
					valid++;
				}
			}
		}
		finally {
			reader.close();
		}
		return new Report(rows, valid, rejected, header.attributeColumns(), perEnrollment, this.dps.groupChecks());
	}

	/** A row the real run would reject. */
	public record Reject(long line, String registrationId, String reason) {
	}

	/**
	 * What the dry run found.
	 *
	 * @param perEnrollment valid devices per enrollment ({@code (default)} for the
	 * default one)
	 * @param groupChecks the enrollment groups checked through the service API, one line
	 * each
	 */
	public record Report(long rows, long valid, long rejected, List<String> attributeColumns,
			Map<String, Long> perEnrollment, List<String> groupChecks) {

		public Report {
			attributeColumns = List.copyOf(new ArrayList<>(attributeColumns));
			groupChecks = List.copyOf(groupChecks);
			perEnrollment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perEnrollment));
		}

	}

}
