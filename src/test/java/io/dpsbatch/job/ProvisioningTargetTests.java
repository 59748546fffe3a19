package io.dpsbatch.job;

import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.dpsbatch.dps.DpsConfigurationException;
import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.enrollment.EnrollmentConfigurationException;
import io.dpsbatch.enrollment.EnrollmentProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checking a run's DPS settings finds what cannot work, and opens nothing (no client, no
 * thread).
 */
class ProvisioningTargetTests {

	private static final String GROUP_KEY = Base64.getEncoder().encodeToString(new byte[64]);

	@Test
	void checkingWorkingSettingsReturnsTheKeysAndStartsNoThread() {
		ProvisioningTarget target = target(properties(Map.of()));
		Set<String> before = clientThreads();

		String fingerprint = target.check().find("").orElseThrow().fingerprints().get(0);

		assertThat(fingerprint).isEqualTo(target.enrollments().find("").orElseThrow().fingerprints().get(0));
		assertThat(clientThreads()).isEqualTo(before);
	}

	@Test
	void aMissingIdScopeIsFoundByTheCheck() {
		Map<String, String> settings = new HashMap<>();
		settings.put("dps.id-scope", "");
		assertThatThrownBy(() -> target(properties(settings)).check())
			.isInstanceOf(EnrollmentConfigurationException.class)
			.hasMessageContaining("dps.id-scope is not set");
	}

	@Test
	void aTrustStoreThatCannotBeReadIsFoundByTheCheck() {
		assertThatThrownBy(() -> target(
				properties(Map.of("dps.trust-store", "/nonexistent/truststore.p12", "dps.trust-store-password", "x")))
			.check()).isInstanceOf(DpsConfigurationException.class).hasMessageContaining("dps.trust-store");
	}

	private static ProvisioningTarget target(DpsProperties properties) {
		return new ProvisioningTarget(properties, new EnrollmentProperties(Map.of(), null), Clock.systemUTC());
	}

	private static DpsProperties properties(Map<String, String> overrides) {
		Map<String, String> settings = new HashMap<>(Map.of("dps.id-scope", "0ne00000001", "dps.group-key", GROUP_KEY,
				"dps.global-endpoint", "https://dps.example.test"));
		settings.putAll(overrides);
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("dps",
				Bindable.of(DpsProperties.class));
	}

	/**
	 * The threads a DpsRegistrar starts: its scheduler and HTTP workers (when work
	 * arrives), and at once the selector thread of the JDK's HTTP client, which outlives
	 * the registrar's close.
	 */
	private static Set<String> clientThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((name) -> name.startsWith("dps-scheduler-") || name.startsWith("dps-http-")
					|| name.contains("SelectorManager"))
			.collect(Collectors.toSet());
	}

}
