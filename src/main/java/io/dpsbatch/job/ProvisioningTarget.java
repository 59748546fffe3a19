package io.dpsbatch.job;

import java.time.Clock;
import java.util.List;

import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.dps.DpsRegistrar;
import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.enrollment.EnrollmentProperties;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.service.ServiceClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DPS instances a run targets and the enrollments it signs with (the default one and
 * those of {@code dps.enrollments}): the configured ones, or the embedded emulator's when
 * the run was started with {@code --emulator} (the command line chooses). Enrollments are
 * loaded when first needed, so a configuration problem surfaces as a clear message from
 * the command that needs them, and {@code status} never opens a keys file; they are
 * closed with the context. Checking the settings costs nothing; only a run opens a
 * {@link DpsRegistrar} (threads, an HTTP client).
 */
public final class ProvisioningTarget implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ProvisioningTarget.class);

	private final DpsProperties properties;

	private final EnrollmentProperties enrollmentProperties;

	private final Clock clock;

	private Enrollments enrollments;

	private List<String> groupChecks;

	public ProvisioningTarget(DpsProperties properties, EnrollmentProperties enrollmentProperties, Clock clock) {
		this.properties = properties;
		this.enrollmentProperties = enrollmentProperties;
		this.clock = clock;
	}

	public DpsProperties properties() {
		return this.properties;
	}

	/**
	 * @throws io.dpsbatch.enrollment.EnrollmentConfigurationException when an enrollment
	 * cannot work (exit 64)
	 * @throws io.dpsbatch.keys.KeysFileException when an individual keys file cannot be
	 * used (exit 64)
	 */
	public synchronized Enrollments enrollments() {
		if (this.enrollments == null) {
			this.enrollments = Enrollments.load(this.properties.defaultEnrollment(), this.enrollmentProperties);
			// a group configured without keys has none until they are read from DPS
			if (this.enrollments.all()
				.stream()
				.anyMatch(
						(enrollment) -> enrollment.kind() == Enrollment.Kind.GROUP && enrollment.groupKeys() == null)) {
				checkGroups();
			}
		}
		return this.enrollments;
	}

	/**
	 * What the check of the enrollment groups through the service API found, one line per
	 * group (none when no group has both an {@code enrollment-group-id} and a service
	 * connection string); empty before {@link #check()}.
	 */
	public synchronized List<String> groupChecks() {
		return (this.groupChecks != null) ? this.groupChecks : List.of();
	}

	/**
	 * Checks the enrollments and every setting a run needs (ID scope, endpoint, trust
	 * store, proxy, limits) without opening a registrar, and each enrollment group that
	 * has an {@code enrollment-group-id} and a service connection string through the
	 * service API (read calls only).
	 * @return the enrollments
	 * @throws io.dpsbatch.dps.DpsConfigurationException when a setting of the client
	 * cannot work (exit 64)
	 * @throws io.dpsbatch.enrollment.EnrollmentConfigurationException when an enrollment
	 * cannot work (exit 64)
	 * @throws io.dpsbatch.keys.KeysFileException when an individual keys file cannot be
	 * used (exit 64)
	 * @throws EnrollmentGroupException when an enrollment group or its key is not as DPS
	 * has it (exit 64), or DPS could not be asked (exit 1)
	 */
	synchronized Enrollments check() {
		enrollments();
		DpsRegistrar.checkSettings(this.properties);
		if (this.groupChecks == null) {
			checkGroups();
		}
		return this.enrollments;
	}

	/**
	 * Checks each group that has an {@code enrollment-group-id} and a service connection
	 * string through the service API ({@link EnrollmentGroupCheck}), once, and keeps the
	 * keys read from DPS with the enrollments: in memory only.
	 */
	private void checkGroups() {
		if (this.enrollments.all().stream().noneMatch((enrollment) -> enrollment.groupInDps().isPresent())) {
			this.groupChecks = List.of();
			return;
		}
		try (ServiceClients clients = new ServiceClients(this.properties, this.clock)) {
			EnrollmentGroupCheck.Checked checked = new EnrollmentGroupCheck(clients).check(this.enrollments);
			checked.findings().forEach((finding) -> logger.info("Checked through the DPS service API: {}", finding));
			this.enrollments = checked.enrollments();
			this.groupChecks = checked.findings();
		}
	}

	/** A client for one run, to be closed when the run ends. */
	public DpsRegistrar openRegistrar() {
		return new DpsRegistrar(this.properties, enrollments(), this.clock);
	}

	@Override
	public synchronized void close() {
		if (this.enrollments != null) {
			this.enrollments.close();
		}
	}

}
