package io.dpsbatch.cli;

import java.util.Optional;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.job.DryRun;
import io.dpsbatch.job.EnrollmentConsistency;
import io.dpsbatch.job.ProvisioningService;
import io.dpsbatch.job.ProvisioningTarget;
import io.dpsbatch.output.BatchExporter;
import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.DeviceResults;
import io.dpsbatch.store.RunLocks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What the commands that work on batches use of the application, injected once: the
 * commands take it from their context ({@link SpringContexts#withApplication}) instead of
 * looking beans up one by one.
 */
@Component
class CommandServices {

	private final ProvisioningService provisioning;

	private final DryRun dryRun;

	private final BatchRepository batches;

	private final DeviceResults reports;

	private final RunLocks locks;

	private final BatchExporter exporter;

	private final ProvisioningTarget dps;

	private final ObjectProvider<DpsEmulator> embeddedEmulator;

	private final EnrollmentConsistency enrollmentConsistency;

	CommandServices(ProvisioningService provisioning, DryRun dryRun, BatchRepository batches, DeviceResults reports,
			RunLocks locks, BatchExporter exporter, ProvisioningTarget dps,
			ObjectProvider<DpsEmulator> embeddedEmulator, EnrollmentConsistency enrollmentConsistency) {
		this.enrollmentConsistency = enrollmentConsistency;
		this.provisioning = provisioning;
		this.dryRun = dryRun;
		this.batches = batches;
		this.reports = reports;
		this.locks = locks;
		this.exporter = exporter;
		this.dps = dps;
		this.embeddedEmulator = embeddedEmulator;
	}

	EnrollmentConsistency enrollmentConsistency() {
		return this.enrollmentConsistency;
	}

	ProvisioningService provisioning() {
		return this.provisioning;
	}

	DryRun dryRun() {
		return this.dryRun;
	}

	BatchRepository batches() {
		return this.batches;
	}

	DeviceResults reports() {
		return this.reports;
	}

	RunLocks locks() {
		return this.locks;
	}

	BatchExporter exporter() {
		return this.exporter;
	}

	ProvisioningTarget dps() {
		return this.dps;
	}

	/** The emulator {@code --emulator} started, if it did. */
	Optional<DpsEmulator> embeddedEmulator() {
		return Optional.ofNullable(this.embeddedEmulator.getIfAvailable());
	}

}
