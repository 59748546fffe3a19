package io.dpsbatch.dps;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DpsConnectionsTests {

	@Test
	void oneReactorThreadPerTwoCoresAtLeastOneAtMostTwo() {
		assertThat(DpsConnections.ioThreads(1)).isEqualTo(1);
		assertThat(DpsConnections.ioThreads(2)).isEqualTo(1);
		assertThat(DpsConnections.ioThreads(4)).isEqualTo(2);
		assertThat(DpsConnections.ioThreads(64)).isEqualTo(2);
	}

	@Test
	void timeLimitsAreCheckedOftenEnoughToKeepThemWithinATenth() {
		assertThat(DpsConnections.selectInterval(Duration.ofSeconds(30)).toMilliseconds()).isEqualTo(1000);
		assertThat(DpsConnections.selectInterval(Duration.ofMillis(250)).toMilliseconds()).isEqualTo(25);
		assertThat(DpsConnections.selectInterval(Duration.ofMillis(50)).toMilliseconds()).isEqualTo(10);
	}

}
