package io.dpsbatch.job;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a run behaves when another batch that runs at the same time holds some of its
 * devices.
 *
 * @param waitForOtherRuns how long the run waits for that other run to finish with them
 * before it gives up (exit code 1; nothing of this batch sent); 0 gives up at once
 */
@ConfigurationProperties("batch")
public record OverlapProperties(@DefaultValue("15m") Duration waitForOtherRuns) {

	public OverlapProperties {
		if (waitForOtherRuns == null || waitForOtherRuns.isNegative()) {
			throw new IllegalArgumentException("batch.wait-for-other-runs must be a duration of 0 or more, like 15m");
		}
	}

}
