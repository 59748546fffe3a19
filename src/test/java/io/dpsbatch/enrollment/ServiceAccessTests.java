package io.dpsbatch.enrollment;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import io.dpsbatch.dps.DpsProperties;
import io.dpsbatch.exit.UsageError;
import io.dpsbatch.keys.KeysFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceAccessTests {

	private static final String KEY = "c2VydmljZS1wb2xpY3kta2V5LWZvci10ZXN0cy0wMTIzNDU2Nzg5YWJjZGVm";

	private static final String DEFAULT = "HostName=Default-Dps.azure-devices-provisioning.net;"
			+ "SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=" + KEY;

	private static final String LINE_B = "HostName=line-b.azure-devices-provisioning.net;"
			+ "SharedAccessKeyName=enrollmentwrite;SharedAccessKey=" + KEY;

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class);

	@Test
	void bindsTheDefaultAndThePerEnrollmentForms() {
		Path file = KeysFiles.write(this.dir.resolve("line-b.txt"), LINE_B + "\n");
		this.runner
			.withPropertyValues("dps.service-connection-string=" + DEFAULT,
					"dps.service-endpoint=https://private-dps.example.com/", "dps.service-operations-per-minute=300",
					"dps.enrollments.line-a.group-key=" + KEY,
					"dps.enrollments.line-b.service-connection-string-file=" + file,
					"dps.enrollments.line-c.service-endpoint=https://other.example.com")
			.run((context) -> {
				EnrollmentProperties properties = context.getBean(EnrollmentProperties.class);
				assertThat(context.getBean(DpsProperties.class).serviceOperationsPerMinute()).isEqualTo(300);
				assertThat(properties.toString()).doesNotContain(KEY);
				ServiceAccess defaults = ServiceAccess.of(properties, "").orElseThrow();
				assertThat(defaults.connectionString().hostName())
					.isEqualTo("Default-Dps.azure-devices-provisioning.net");
				assertThat(defaults.endpoint()).isEqualTo(URI.create("https://private-dps.example.com/"));
				ServiceAccess lineA = ServiceAccess.of(properties, "LINE-A").orElseThrow();
				assertThat(lineA.connectionString().policyName()).isEqualTo("provisioningserviceowner");
				ServiceAccess lineB = ServiceAccess.of(properties, "line-b").orElseThrow();
				assertThat(lineB.connectionString().policyName()).isEqualTo("enrollmentwrite");
				assertThat(lineB.endpoint()).isEqualTo(URI.create("https://line-b.azure-devices-provisioning.net"));
				assertThat(ServiceAccess.of(properties, "line-c").orElseThrow().endpoint())
					.isEqualTo(URI.create("https://other.example.com"));
				assertThat(lineB.toString()).doesNotContain(KEY);
			});
	}

	@Test
	void bindsTheEnvironmentForm() {
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of("DPS_SERVICE_CONNECTION_STRING", DEFAULT, "DPS_SERVICE_OPERATIONS_PER_MINUTE", "120"))))
			.run((context) -> {
				EnrollmentProperties properties = context.getBean(EnrollmentProperties.class);
				assertThat(properties.serviceConnectionString()).isEqualTo(DEFAULT);
				assertThat(context.getBean(DpsProperties.class).serviceOperationsPerMinute()).isEqualTo(120);
				assertThat(ServiceAccess.of(properties, "").orElseThrow().endpoint())
					.isEqualTo(URI.create("https://Default-Dps.azure-devices-provisioning.net"));
			});
	}

	@Test
	void defaultsToNoServiceAccessAnd900OperationsPerMinute() {
		this.runner.run((context) -> {
			assertThat(ServiceAccess.of(context.getBean(EnrollmentProperties.class), "")).isEmpty();
			assertThat(context.getBean(DpsProperties.class).serviceOperationsPerMinute()).isEqualTo(900);
		});
	}

	@Test
	void refusesContradictionsAndOpenFilesWithoutQuotingTheKey() throws Exception {
		Path open = KeysFiles.write(this.dir.resolve("open.txt"), DEFAULT);
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
		assertThat(refusal(new EnrollmentProperties(Map.of(), null, DEFAULT, open, null, null)))
			.contains("both dps.service-connection-string and dps.service-connection-string-file");
		assertThat(refusal(new EnrollmentProperties(Map.of(), null, null, open, null, null)))
			.contains("dps.service-connection-string-file", "chmod 600");
		assertThat(refusal(new EnrollmentProperties(Map.of(), null, DEFAULT, null, URI.create("http://plain"), null)))
			.contains("dps.service-endpoint must be an https:// URL");
		assertThat(refusal(new EnrollmentProperties(Map.of(), null, DEFAULT.replace(KEY, KEY + "#"), null, null, null)))
			.contains("dps.service-connection-string has a SharedAccessKey that is not valid base64");
	}

	private String refusal(EnrollmentProperties properties) {
		String message = assertThatThrownBy(() -> ServiceAccess.of(properties, "")).isInstanceOf(UsageError.class)
			.actual()
			.getMessage();
		assertThat(message).doesNotContain(KEY);
		return message;
	}

	@EnableConfigurationProperties({ EnrollmentProperties.class, DpsProperties.class })
	static class Properties {

	}

}
