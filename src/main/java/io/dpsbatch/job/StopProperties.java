package io.dpsbatch.job;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a provisioning run stops when the operator asks it to (SIGTERM, Ctrl-C). A
 * {@code batch.*} property like {@code batch.output-dir}, which
 * {@link io.dpsbatch.output.OutputProperties} binds.
 *
 * @param stopTimeout how long the run may take to reach a safe point and record its state
 * before the process exits anyway. Half of it at most goes to waiting for the outcomes of
 * devices already with DPS; devices still out after that are looked up when the batch
 * resumes
 */
@ConfigurationProperties("batch")
public record StopProperties(@DefaultValue("10s") Duration stopTimeout) {

	/**
	 * How long the register step keeps recording outcomes still on their way before it
	 * stops.
	 */
	public Duration drainLimit() {
		// the other half is for the commits that record the stop, closing the store and
		// printing the report
		return this.stopTimeout.dividedBy(2);
	}

}
