package io.dpsbatch.job;

import java.util.Locale;
import java.util.function.Supplier;

import io.dpsbatch.enrollment.EnrollmentChoice;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.manifest.ManifestRow;
import io.dpsbatch.manifest.ManifestRowValidator;
import io.dpsbatch.store.ImportedRow;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Turns a manifest row into what the store keeps of it: a valid row with the enrollment
 * that registers its device, or a rejected one with its reason. A row naming an
 * enrollment that is not configured, or a device of individual enrollments missing from
 * their keys file, is rejected here, before any call to DPS; the keys file is only probed
 * (no key leaves it). The enrollments are loaded when the first row needs them.
 */
final class ManifestRowImport implements ItemProcessor<ManifestRow, ImportedRow> {

	private final ManifestRowValidator validator = new ManifestRowValidator();

	private final Supplier<Enrollments> enrollments;

	ManifestRowImport(Supplier<Enrollments> enrollments) {
		this.enrollments = enrollments;
	}

	@Override
	public ImportedRow process(ManifestRow row) {
		String problem = this.validator.problemWith(row).orElse(null);
		if (problem != null) {
			return rejected(row, problem);
		}
		EnrollmentChoice choice = this.enrollments.get().choose(row.enrollment(), row.registrationId());
		if (!choice.accepted()) {
			// the name (checked to be one by the validator) is kept, so that the summary
			// counts its rejects
			String named = (row.enrollment() != null) ? row.enrollment().strip().toLowerCase(Locale.ROOT) : "";
			return new ImportedRow(row.line(), row.registrationId(), row.payload(), row.attributes(),
					choice.rejectReason(), named);
		}
		return new ImportedRow(row.line(), row.registrationId(), row.payload(), row.attributes(), null,
				choice.enrollment().name());
	}

	private static ImportedRow rejected(ManifestRow row, String reason) {
		return new ImportedRow(row.line(), row.registrationId(), row.payload(), row.attributes(), reason, "");
	}

}
