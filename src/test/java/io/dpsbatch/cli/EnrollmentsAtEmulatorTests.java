package io.dpsbatch.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dpsbatch.emulator.EmulatedEnrollment;
import io.dpsbatch.enrollment.EnrollmentProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --emulator}: every configured enrollment pointed at the emulator's enrollment of
 * the same name.
 */
class EnrollmentsAtEmulatorTests {

	private static final URI EMULATOR = URI.create("https://localhost:8443");

	private static final List<EmulatedEnrollment> SERVED = List.of(
			new EmulatedEnrollment("", "0ne00EMU001", "default", "default-key", "default-2nd", null, 0),
			new EmulatedEnrollment("line-b", "0ne00EMU002", "line-b", "b-key", "b-2nd", null, 0),
			new EmulatedEnrollment("Singles", "0ne00EMU001", null, null, null, Path.of("/tmp/singles.csv"), 3));

	@Test
	void eachEnrollmentTakesTheEmulatorsOfTheSameNameWithoutRegardToCase() {
		Map<String, EnrollmentProperties.NamedEnrollment> configured = new LinkedHashMap<>();
		configured.put("LINE-B", new EnrollmentProperties.NamedEnrollment("0ne00REAL02", URI.create("https://real"),
				null, Path.of("/etc/line-b"), null, null, null));
		configured.put("singles", new EnrollmentProperties.NamedEnrollment(null, null, null, null, null, null,
				Path.of("/etc/singles.csv")));

		EnrollmentProperties pointed = EnrollmentsAtEmulator
			.pointedAt(new EnrollmentProperties(configured, Path.of("/etc/default.csv")), EMULATOR, SERVED, Map.of());

		EnrollmentProperties.NamedEnrollment lineB = pointed.enrollments().get("LINE-B");
		assertThat(lineB.idScope()).isEqualTo("0ne00EMU002");
		assertThat(lineB.globalEndpoint()).isEqualTo(EMULATOR);
		assertThat(lineB.groupKey()).isEqualTo("b-key");
		assertThat(lineB.secondaryGroupKey()).isEqualTo("b-2nd");
		assertThat(lineB.groupKeyFile()).isNull();
		EnrollmentProperties.NamedEnrollment singles = pointed.enrollments().get("singles");
		assertThat(singles.individualKeysFile()).isEqualTo(Path.of("/tmp/singles.csv"));
		assertThat(singles.idScope()).isEqualTo("0ne00EMU001");
		assertThat(singles.groupKey()).isNull();
		// the emulator's default enrollment is its group
		assertThat(pointed.individualKeysFile()).isNull();
	}

	@Test
	void eachEnrollmentGetsItsInstancesServiceConnectionStringAndAGroupIdKeepsTheConfiguredKeys() {
		Map<String, EnrollmentProperties.NamedEnrollment> configured = new LinkedHashMap<>();
		configured.put("line-b", new EnrollmentProperties.NamedEnrollment(null, null, null, Path.of("/etc/line-b"),
				null, null, null, null, null, null, "line-b"));
		Map<String, String> services = Map.of("0ne00EMU001", "HostName=a", "0ne00EMU002", "HostName=b");

		EnrollmentProperties pointed = EnrollmentsAtEmulator.pointedAt(
				new EnrollmentProperties(configured, null, null, null, null, "default"), EMULATOR, SERVED, services);

		assertThat(pointed.serviceConnectionString()).isEqualTo("HostName=a");
		assertThat(pointed.serviceEndpoint()).isEqualTo(EMULATOR);
		assertThat(pointed.enrollmentGroupId()).isEqualTo("default");
		EnrollmentProperties.NamedEnrollment lineB = pointed.enrollments().get("line-b");
		assertThat(lineB.serviceConnectionString()).isEqualTo("HostName=b");
		assertThat(lineB.serviceEndpoint()).isEqualTo(EMULATOR);
		assertThat(lineB.enrollmentGroupId()).isEqualTo("line-b");
		// the check through the service API is what is rehearsed: not the emulator's key
		assertThat(lineB.groupKey()).isNull();
		assertThat(lineB.groupKeyFile()).isEqualTo(Path.of("/etc/line-b"));
	}

	@Test
	void anEnrollmentTheEmulatorDoesNotServeIsAUsageError() {
		EnrollmentProperties configured = new EnrollmentProperties(
				Map.of("line-c", new EnrollmentProperties.NamedEnrollment(null, null, "k", null, null, null, null)),
				null);

		assertThatThrownBy(() -> EnrollmentsAtEmulator.pointedAt(configured, EMULATOR, SERVED, Map.of()))
			.isInstanceOf(UsageException.class)
			.hasMessage("dps.enrollments.line-c is not served by the emulator (it serves its default group and line-b, "
					+ "singles): add emulator.enrollments.line-c to rehearse it");
	}

}
