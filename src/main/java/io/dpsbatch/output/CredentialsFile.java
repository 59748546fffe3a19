package io.dpsbatch.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.enrollment.SigningKeys;
import io.dpsbatch.keys.DeviceKey;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.DeviceResult;
import io.dpsbatch.store.DeviceResults;
import io.dpsbatch.store.DeviceStatus;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The one file that holds device keys: {@code credentials.csv}, or
 * {@code credentials.csv.p7m} when {@code batch.credentials-recipients} is set. Then the
 * CSV exists only on its way into the cipher, never on disk; the CMS content is exactly
 * the bytes credentials.csv would hold. Writing one form removes the other, so a folder
 * never keeps a stale plaintext copy once encryption is configured.
 */
final class CredentialsFile {

	static final String PLAIN = "credentials.csv";

	static final String ENCRYPTED = "credentials.csv.p7m";

	static final List<String> COLUMNS = List.of("registrationId", "deviceId", "assignedHub", "idScope", "deviceKey",
			"substatus");

	private static final int DEVICE_KEY_COLUMN = COLUMNS.indexOf("deviceKey");

	private static final CSVFormat CSV = CSVFormat.RFC4180.builder().get();

	private final DeviceResults reports;

	CredentialsFile(DeviceResults reports) {
		this.reports = reports;
	}

	/**
	 * @return the file written
	 */
	Path write(Path folder, BatchRecord batch, Enrollments keys, CredentialRecipients recipients) {
		Path plain = folder.resolve(PLAIN);
		Path encrypted = folder.resolve(ENCRYPTED);
		if (recipients.isEmpty()) {
			PrivateFiles.writeAtomically(plain, (out) -> writeCsv(out, batch, keys));
			PrivateFiles.delete(encrypted);
			return plain;
		}
		PrivateFiles.writeBytesAtomically(encrypted, (out) -> recipients.encrypt(out,
				(cipher) -> PrivateFiles.writeText(cipher, (csv) -> writeCsv(csv, batch, keys))));
		PrivateFiles.delete(plain);
		return encrypted;
	}

	private void writeCsv(Writer out, BatchRecord batch, Enrollments keys) throws IOException {
		List<String> header = new ArrayList<>(COLUMNS);
		header.addAll(batch.attributeColumns());
		try (CSVPrinter printer = new CSVPrinter(out, CSV)) {
			printer.printRecord(header.stream().map(SpreadsheetCells::neutralised));
			this.reports.forEachDevice(batch.name(), EnumSet.of(DeviceStatus.ASSIGNED), (device) -> {
				Enrollment enrollment = keys.find(device.enrollment())
					.orElseThrow(() -> new IllegalStateException("device on line " + device.line() + " was registered "
							+ "through enrollment '" + device.enrollment() + "', which is no longer configured"));
				DeviceKey deviceKey = deviceKey(enrollment, device);
				List<String> row = new ArrayList<>(header.size());
				row.add(device.registrationId());
				row.add(device.deviceId());
				row.add(device.assignedHub());
				row.add(enrollment.idScope());
				row.add(null); // the device key, which is never neutralised: set below
				row.add(device.substatus());
				for (String column : batch.attributeColumns()) {
					row.add(device.attributes().getOrDefault(column, ""));
				}
				row.replaceAll(SpreadsheetCells::neutralised);
				row.set(DEVICE_KEY_COLUMN, deviceKey.toBase64());
				try {
					printer.printRecord(row);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

	/**
	 * The key DPS accepted for the device: derived from its group's key, or its
	 * individual enrollment's own, read from the keys file again (never stored); primary
	 * or secondary, as it was registered.
	 */
	private static DeviceKey deviceKey(Enrollment enrollment, DeviceResult device) {
		SigningKeys keys = enrollment.keysFor(device.registrationId())
			.orElseThrow(() -> new IllegalStateException("device on line " + device.line() + " has no key in the "
					+ "individual keys file of " + enrollment.describe() + " any more: export with the file the batch "
					+ "was registered with"));
		DeviceKey key = device.usedSecondaryKey() ? keys.secondary() : keys.primary();
		if (key == null) {
			throw new IllegalStateException("device on line " + device.line() + " was registered with the "
					+ ((enrollment.kind() == Enrollment.Kind.GROUP) ? "secondary group key" : "secondary key") + " of "
					+ enrollment.describe() + ", which is no longer configured");
		}
		return key;
	}

}
