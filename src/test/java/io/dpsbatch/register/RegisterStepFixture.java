package io.dpsbatch.register;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import io.dpsbatch.enrollment.DefaultEnrollmentSettings;
import io.dpsbatch.enrollment.EnrollmentProperties;
import io.dpsbatch.enrollment.EnrollmentProperties.NamedEnrollment;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.store.DeviceStatus;
import io.dpsbatch.store.ImportedRow;
import io.dpsbatch.store.TestDatabase;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * An in-memory results store with one batch, and the register step's parts over it: what
 * the window, reader and tasklet tests share.
 */
final class RegisterStepFixture {

	static final String BATCH = "line-1";

	/** The second enrollment of {@link #twoEnrollments()}. */
	static final String LINE_B = "line-b";

	private static final String KEY = "8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegx"
			+ "kqIChbqOS9Egw==";

	private static final String KEY_B = "c2Vjb25kYXJ5LWdyb3VwLWtleS1mb3ItdGhlLXRlc3RzLW9ubHktMDEyMzQ1Njc4OTAx"
			+ "MjM0NQ==";

	final DataSource dataSource = TestDatabase.migrated();

	final TestDatabase.Store store = TestDatabase.store(this.dataSource);

	final DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(this.dataSource);

	RegisterStepFixture() {
		this.store.batches().createBatch(TestDatabase.batch(BATCH));
	}

	/** Devices {@code d2}, {@code d3}... on lines 2, 3... of the default enrollment. */
	RegisterStepFixture devices(int count) {
		return devices(2, count, "");
	}

	/** Devices {@code d<line>} from {@code firstLine} on, of the named enrollment. */
	RegisterStepFixture devices(long firstLine, int count, String enrollment) {
		List<ImportedRow> rows = LongStream.range(firstLine, firstLine + count)
			.mapToObj((line) -> new ImportedRow(line, "d" + line, null, Map.of(), null, enrollment))
			.toList();
		this.store.imports().importRows(BATCH, rows);
		return this;
	}

	InFlightWindow window(ScriptedRegistrar registrar, int capacity) {
		return window(registrar, capacity, oneEnrollment());
	}

	InFlightWindow window(ScriptedRegistrar registrar, int capacity, Enrollments enrollments) {
		return new InFlightWindow(BATCH, registrar, capacity, enrollments, this.store.queue(), this.transactionManager,
				Clock.systemUTC());
	}

	PendingDeviceReader reader() {
		return new PendingDeviceReader(BATCH, this.store.queue(), this.transactionManager);
	}

	long count(DeviceStatus status) {
		return this.store.reports().totals(BATCH).count(status);
	}

	/** The default enrollment alone. */
	static Enrollments oneEnrollment() {
		return Enrollments.load(defaults(), new EnrollmentProperties(Map.of(), null));
	}

	/** The default enrollment and {@value #LINE_B}, on the same DPS instance. */
	static Enrollments twoEnrollments() {
		return Enrollments.load(defaults(), new EnrollmentProperties(
				Map.of(LINE_B, new NamedEnrollment(null, null, KEY_B, null, null, null, null)), null));
	}

	private static DefaultEnrollmentSettings defaults() {
		return new DefaultEnrollmentSettings("0ne00000A0A", URI.create("https://global.azure-devices-provisioning.net"),
				KEY, null, null, null);
	}

}
