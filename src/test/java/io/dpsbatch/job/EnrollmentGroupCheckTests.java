package io.dpsbatch.job;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorProperties;
import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.enrollment.EnrollmentConfigurationException;
import io.dpsbatch.enrollment.EnrollmentProperties;
import io.dpsbatch.enrollment.EnrollmentProperties.NamedEnrollment;
import io.dpsbatch.exit.ExitCode;
import io.dpsbatch.keys.GroupKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The check of the enrollment group through the service API ({@link ProvisioningTarget}
 * with {@link EnrollmentGroupCheck}) against the embedded emulator started in this
 * process: its default group is {@code dps-batch-emulator-group}, its keys are the
 * emulator's group keys.
 */
class EnrollmentGroupCheckTests {

	private static final String GROUP = "dps-batch-emulator-group";

	private static final String WRONG_KEY = Base64.getEncoder().encodeToString(new byte[32]);

	@TempDir
	static Path stateDir;

	private static DpsEmulator emulator;

	private static String serviceConnectionString;

	@BeforeAll
	static void start() {
		emulator = DpsEmulator.start(EmulatorProperties.bind(Map.of("emulator.state-dir", stateDir.toString())),
				Clock.systemUTC());
		serviceConnectionString = emulator.serviceConnectionStrings().get(emulator.idScope());
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void theEmulatorsPrimaryKeyPasses() {
		ProvisioningTarget target = target(emulator.groupKey(), GROUP, serviceConnectionString);

		Enrollment checked = target.check().find("").orElseThrow();

		assertThat(checked.groupKeys().primary()).isEqualTo(GroupKey.fromBase64(emulator.groupKey()));
		assertThat(checked.groupKeys().hasSecondary()).isFalse();
		assertThat(target.groupChecks()).singleElement()
			.asString()
			.contains("enrollment group '" + GROUP + "' of the default enrollment")
			.contains("the configured group key is its primary key");
	}

	@Test
	void theSecondaryKeyPassesToo() {
		ProvisioningTarget target = target(emulator.secondaryGroupKey(), GROUP, serviceConnectionString);

		target.check();

		assertThat(target.groupChecks()).singleElement().asString().contains("is its secondary key");
	}

	@Test
	void aWrongKeyIsRefusedWithExit64NamingTheEnrollmentTheGroupAndTheProperty() {
		ProvisioningTarget target = target(WRONG_KEY, GROUP, serviceConnectionString);

		EnrollmentGroupException refused = assertThatExceptionOfType(EnrollmentGroupException.class)
			.isThrownBy(target::check)
			.actual();

		assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(refused.getMessage()).contains("dps.group-key")
			.contains("neither the primary nor the secondary key of enrollment group '" + GROUP
					+ "' of the default enrollment")
			.contains(GroupKey.fromBase64(WRONG_KEY).fingerprint())
			.doesNotContain(WRONG_KEY)
			.doesNotContain(emulator.groupKey())
			.doesNotContain(emulator.secondaryGroupKey());
	}

	@Test
	void anUnknownGroupIdIsRefusedWithExit64NamingTheProperty() {
		ProvisioningTarget target = target(emulator.groupKey(), "no-such-group", serviceConnectionString);

		EnrollmentGroupException refused = assertThatExceptionOfType(EnrollmentGroupException.class)
			.isThrownBy(target::check)
			.actual();

		assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(refused.getMessage())
			.contains("enrollment group 'no-such-group' of the default enrollment does not exist")
			.contains("set dps.enrollment-group-id");
	}

	@Test
	void aKeyLeftOutIsReadFromDpsAndFingerprintsAsTheSameKeyConfigured() {
		ProvisioningTarget leftOut = target(null, GROUP, serviceConnectionString);
		ProvisioningTarget configured = target(emulator.groupKey(), GROUP, serviceConnectionString);

		Enrollment read = leftOut.check().find("").orElseThrow();

		assertThat(read.groupKeys().primary()).isEqualTo(GroupKey.fromBase64(emulator.groupKey()));
		assertThat(read.groupKeys().secondary()).isEqualTo(GroupKey.fromBase64(emulator.secondaryGroupKey()));
		// a batch records the primary key's fingerprint: a resumed run with the key
		// configured (or read again) matches the run that read it
		assertThat(read.fingerprints().get(0))
			.isEqualTo(configured.check().find("").orElseThrow().fingerprints().get(0));
		assertThat(leftOut.groupChecks()).singleElement().asString().contains("its keys were read from DPS");
		assertThat(read.toString()).doesNotContain(emulator.groupKey());
	}

	@Test
	void aKeyLeftOutIsReadFromDpsForANamedEnrollmentToo() {
		ProvisioningTarget target = new ProvisioningTarget(properties(null),
				new EnrollmentProperties(
						Map.of("line-a",
								new NamedEnrollment(null, null, null, null, null, null, null, null, null,
										emulator.endpoint(), GROUP)),
						null, serviceConnectionString, null, emulator.endpoint(), null),
				Clock.systemUTC());

		Enrollment lineA = target.enrollments().find("line-a").orElseThrow();

		assertThat(lineA.groupKeys().primary()).isEqualTo(GroupKey.fromBase64(emulator.groupKey()));
	}

	@Test
	void refusedServiceCredentialsAreExit64NamingTheProperty() {
		String wrongPolicyKey = serviceConnectionString.replaceAll("SharedAccessKey=[^;]+",
				"SharedAccessKey=" + WRONG_KEY);
		ProvisioningTarget target = target(emulator.groupKey(), GROUP, wrongPolicyKey);

		EnrollmentGroupException refused = assertThatExceptionOfType(EnrollmentGroupException.class)
			.isThrownBy(target::check)
			.actual();

		assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(refused.getMessage())
			.contains("DPS refused the service connection string " + "dps.service-connection-string (HTTP 401)");
	}

	@Test
	void anUnreachableServiceApiIsExit1SayingTheSameCommandCanBeRunAgain() {
		ProvisioningTarget target = new ProvisioningTarget(properties(emulator.groupKey()),
				new EnrollmentProperties(Map.of(), null, serviceConnectionString, null,
						URI.create("https://127.0.0.1:1"), GROUP),
				Clock.systemUTC());

		EnrollmentGroupException failed = assertThatExceptionOfType(EnrollmentGroupException.class)
			.isThrownBy(target::check)
			.actual();

		assertThat(failed.exitCode()).isEqualTo(ExitCode.FAILED);
		assertThat(failed.getMessage())
			.startsWith("could not check enrollment group '" + GROUP + "' of the default enrollment through the DPS "
					+ "service API: ")
			.endsWith("Nothing was sent; run the same command again");
	}

	@Test
	void aGroupIdWithNeitherAKeyNorAServiceConnectionStringIsAConfigurationError() {
		ProvisioningTarget target = target(null, GROUP, null);

		assertThatExceptionOfType(EnrollmentConfigurationException.class).isThrownBy(target::check)
			.withMessageContaining("dps.enrollment-group-id is set without dps.group-key and without a service "
					+ "connection string");
	}

	@Test
	void withoutAGroupIdNothingIsChecked() {
		ProvisioningTarget target = target(WRONG_KEY, null, serviceConnectionString);

		target.check();

		assertThat(target.groupChecks()).isEmpty();
	}

	private static ProvisioningTarget target(String groupKey, String groupId, String connectionString) {
		return new ProvisioningTarget(properties(groupKey),
				new EnrollmentProperties(Map.of(), null, connectionString, null, emulator.endpoint(), groupId),
				Clock.systemUTC());
	}

	private static DpsProperties properties(String groupKey) {
		return new DpsProperties(emulator.endpoint(), emulator.idScope(), "2021-10-01", groupKey, null, null, null,
				emulator.trustStore(), emulator.trustStorePassword(), emulator.trustStoreType(), 128, 900, 3,
				Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(1), "direct", 8, 900);
	}

}
