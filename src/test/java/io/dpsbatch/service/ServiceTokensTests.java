package io.dpsbatch.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import io.dpsbatch.keys.ServiceConnectionString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceTokensTests {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochSecond(1_700_000_000L));

	private final ServiceTokens tokens = new ServiceTokens(
			ServiceConnectionString.parse("HostName=dps.azure-devices-provisioning.net;SharedAccessKeyName=owner;"
					+ "SharedAccessKey=" + ProvisioningServiceClientTests.KEY, "test"),
			Duration.ofHours(1), new Clock() {

				@Override
				public Instant instant() {
					return ServiceTokensTests.this.now.get();
				}

				@Override
				public ZoneOffset getZone() {
					return ZoneOffset.UTC;
				}

				@Override
				public Clock withZone(java.time.ZoneId zone) {
					return this;
				}

			});

	@Test
	void keepsATokenUntilAQuarterOfItsLifeIsLeftThenSignsANewOne() {
		String first = this.tokens.authorization();
		assertThat(first).contains("&se=1700003600&");
		this.now.set(this.now.get().plus(Duration.ofMinutes(45)));
		assertThat(this.tokens.authorization()).isEqualTo(first);
		this.now.set(this.now.get().plusSeconds(1));
		assertThat(this.tokens.authorization()).contains("&se=" + (1_700_000_000L + 45 * 60 + 1 + 3600) + "&");
	}

}
