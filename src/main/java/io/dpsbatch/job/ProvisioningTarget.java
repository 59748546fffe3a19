package io.dpsbatch.job;

import java.time.Clock;

import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.dps.DpsRegistrar;
import io.dpsbatch.enrollment.EnrollmentProperties;
import io.dpsbatch.enrollment.Enrollments;

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

	private final DpsProperties properties;

	private final EnrollmentProperties enrollmentProperties;

	private Enrollments enrollments;

	public ProvisioningTarget(DpsProperties properties, EnrollmentProperties enrollmentProperties) {
		this.properties = properties;
		this.enrollmentProperties = enrollmentProperties;
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
		}
		return this.enrollments;
	}

	/**
	 * Checks the enrollments and every setting a run needs (ID scope, endpoint, trust
	 * store, proxy, limits) without opening a client.
	 * @return the enrollments
	 * @throws io.dpsbatch.dps.DpsConfigurationException when a setting of the client
	 * cannot work (exit 64)
	 * @throws io.dpsbatch.enrollment.EnrollmentConfigurationException when an enrollment
	 * cannot work (exit 64)
	 * @throws io.dpsbatch.keys.KeysFileException when an individual keys file cannot be
	 * used (exit 64)
	 */
	Enrollments check() {
		Enrollments checked = enrollments();
		DpsRegistrar.checkSettings(this.properties);
		return checked;
	}

	/** A client for one run, to be closed when the run ends. */
	public DpsRegistrar openRegistrar(Clock clock) {
		return new DpsRegistrar(this.properties, enrollments(), clock);
	}

	@Override
	public synchronized void close() {
		if (this.enrollments != null) {
			this.enrollments.close();
		}
	}

}
