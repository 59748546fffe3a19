package io.dpsbatch.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EmulatorPropertiesTests {

	@Test
	void everyPropertyHasADefault() {
		EmulatorProperties defaults = EmulatorProperties.defaults();

		assertThat(defaults.port()).isZero();
		assertThat(defaults.idScope()).isEqualTo("0ne00EMU001");
		assertThat(defaults.groupKey()).isNull();
		assertThat(defaults.secondaryGroupKey()).isNull();
		assertThat(defaults.stateDir()).isEqualTo(Path.of("data", "emulator"));
		assertThat(defaults.acceptKeys()).isEqualTo(EmulatorProperties.AcceptKeys.BOTH);
		assertThat(defaults.assignmentDelay()).isEqualTo(Duration.ofSeconds(1));
		assertThat(defaults.retryAfter()).as("DPS's documented example and real traces").isEqualTo(3);
		assertThat(defaults.hubs()).containsExactly("dps-batch-emu-hub-1.azure-devices.net",
				"dps-batch-emu-hub-2.azure-devices.net", "dps-batch-emu-hub-3.azure-devices.net");
		assertThat(defaults.registrationsPerMinute()).isEqualTo(1000);
		assertThat(defaults.pollLimitEnabled()).isTrue();
		assertThat(defaults.disabledIds()).isEmpty();
		assertThat(defaults.failingIds()).isEmpty();
		assertThat(defaults.faults()).isEqualTo(FaultSettings.none());
		assertThat(defaults.maxSasTtl()).isNull();
		assertThat(defaults.registrationBurst()).isZero();
		assertThat(defaults.enrollmentGroupId()).isEqualTo("dps-batch-emulator-group");
		assertThat(defaults.customAllocation().enabled()).isFalse();
		assertThat(defaults.fieldLoad().isNone()).isTrue();
	}

	@Test
	void customAllocationRulesBindWithTheirPayloadAsJsonText() {
		EmulatorProperties properties = EmulatorProperties.bind(Map.of("emulator.custom-allocation.payload-field",
				"/product/model", "emulator.custom-allocation.rules[0].value", "thermostat",
				"emulator.custom-allocation.rules[0].hub", "hvac.azure-devices.net",
				"emulator.custom-allocation.rules[0].payload", "{\"firmware\":\"2.1\"}",
				"emulator.custom-allocation.rules[1].value", "*"));

		CustomAllocation allocation = properties.customAllocation();
		assertThat(allocation.payloadField()).isEqualTo("/product/model");
		assertThat(allocation.rules()).containsExactly(
				new CustomAllocation.Rule("thermostat", "hvac.azure-devices.net", "{\"firmware\":\"2.1\"}"),
				new CustomAllocation.Rule("*", null, null));
	}

	@Test
	void aCustomAllocationPayloadMustBeAJsonObject() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> EmulatorProperties.bind(
				Map.of("emulator.custom-allocation.payload-field", "model", "emulator.custom-allocation.rules[0].value",
						"x", "emulator.custom-allocation.rules[0].payload", "[1]")))
			.withStackTraceContaining("must be a JSON object");
	}

	@Test
	void theFieldLoadComesFromEitherPropertyButNotBoth() {
		assertThat(EmulatorProperties.bind(Map.of("emulator.field-load-per-minute", "300")).fieldLoad())
			.isEqualTo(FieldLoadSchedule.parse("300/min@0s"));
		assertThat(EmulatorProperties.bind(Map.of("emulator.field-load-schedule", "200/min@0s,600/min@1m")).fieldLoad())
			.isEqualTo(FieldLoadSchedule.parse("200/min@0s,600/min@60s"));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> EmulatorProperties
				.bind(Map.of("emulator.field-load-per-minute", "300", "emulator.field-load-schedule", "200/min@0s")))
			.withStackTraceContaining("not both");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> EmulatorProperties.bind(Map.of("emulator.field-load-schedule", "200/s@0s")))
			.withStackTraceContaining("emulator.field-load-schedule: '200/s@0s' is not <calls>/min@<offset>");
	}

	@Test
	void propertiesBindFromTheirKebabCaseNames() {
		EmulatorProperties properties = EmulatorProperties
			.bind(Map.ofEntries(Map.entry("emulator.port", "8443"), Map.entry("emulator.id-scope", "0ne00ABCDEF"),
					Map.entry("emulator.group-key", "AAECAwQFBgcICQoLDA0ODw=="),
					Map.entry("emulator.secondary-group-key", "DwAODQwLCgkIBwYFBAMCAQ=="),
					Map.entry("emulator.state-dir", "/tmp/emu"), Map.entry("emulator.accept-keys", "secondary"),
					Map.entry("emulator.assignment-delay", "250ms"), Map.entry("emulator.retry-after", "3"),
					Map.entry("emulator.hubs", "a.azure-devices.net,b.azure-devices.net"),
					Map.entry("emulator.registrations-per-minute", "200"),
					Map.entry("emulator.poll-limit-enabled", "false"), Map.entry("emulator.disabled-ids[0]", "off-*"),
					Map.entry("emulator.failing-ids", "bad-1,bad-2"), Map.entry("emulator.faults.throttle-rate", "0.1"),
					Map.entry("emulator.faults.slow-rate", "0.5"), Map.entry("emulator.faults.slow-delay", "2s"),
					Map.entry("emulator.faults.seed", "99"), Map.entry("emulator.max-sas-ttl", "1h")));

		assertThat(properties.port()).isEqualTo(8443);
		assertThat(properties.idScope()).isEqualTo("0ne00ABCDEF");
		assertThat(properties.groupKey()).isEqualTo("AAECAwQFBgcICQoLDA0ODw==");
		assertThat(properties.secondaryGroupKey()).isEqualTo("DwAODQwLCgkIBwYFBAMCAQ==");
		assertThat(properties.stateDir()).isEqualTo(Path.of("/tmp/emu"));
		assertThat(properties.acceptKeys()).isEqualTo(EmulatorProperties.AcceptKeys.SECONDARY);
		assertThat(properties.assignmentDelay()).isEqualTo(Duration.ofMillis(250));
		assertThat(properties.retryAfter()).isEqualTo(3);
		assertThat(properties.hubs()).containsExactly("a.azure-devices.net", "b.azure-devices.net");
		assertThat(properties.registrationsPerMinute()).isEqualTo(200);
		assertThat(properties.pollLimitEnabled()).isFalse();
		assertThat(properties.disabledIds()).containsExactly("off-*");
		assertThat(properties.failingIds()).containsExactly("bad-1", "bad-2");
		assertThat(properties.faults()).isEqualTo(new FaultSettings(0.1, 0, 0, 0, 0, 0.5, Duration.ofSeconds(2), 99));
		assertThat(properties.maxSasTtl()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void toStringNeverShowsTheKeys() {
		EmulatorProperties properties = EmulatorProperties.bind(Map.of("emulator.group-key", "AAECAwQFBgcICQoLDA0ODw==",
				"emulator.secondary-group-key", "DwAODQwLCgkIBwYFBAMCAQ=="));

		assertThat(properties.toString()).doesNotContain("AAECAwQFBgcICQoLDA0ODw==")
			.doesNotContain("DwAODQwLCgkIBwYFBAMCAQ==")
			.contains("groupKey=[hidden]");
	}

	@Test
	void anEmptyKeyMeansNoKey() {
		assertThat(EmulatorProperties.bind(Map.of("emulator.group-key", " ")).groupKey()).isNull();
	}

	@Test
	void copiesChangeOnlyPortOrStateDirectory() {
		EmulatorProperties properties = EmulatorProperties.bind(Map.of("emulator.retry-after", "5"));

		assertThat(properties.withPort(9000).port()).isEqualTo(9000);
		assertThat(properties.withPort(9000).retryAfter()).isEqualTo(5);
		assertThat(properties.withStateDir(Path.of("x")).stateDir()).isEqualTo(Path.of("x"));
		assertThat(properties.withStateDir(Path.of("x")).withStateDir(Path.of("./data/emulator")).withPort(0))
			.isEqualTo(properties);
	}

	@Test
	void nonsenseIsRefusedWithTheNameOfTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> EmulatorProperties.bind(Map.of("emulator.port", "70000")))
			.withStackTraceContaining("emulator.port");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> EmulatorProperties.bind(Map.of("emulator.id-scope", "0ne/00")))
			.withStackTraceContaining("emulator.id-scope");
		assertThatIllegalArgumentException().isThrownBy(() -> EmulatorProperties.defaults().withPort(-1));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> EmulatorProperties.bind(Map.of("emulator.faults.throttle-rate", "3")));
	}

	@Test
	void nullsFromACodeCallerBecomeDefaults() {
		EmulatorProperties properties = new EmulatorProperties(0, null, null, null, null, null, null, 3, null, 1000,
				true, null, null, null, null, 0, null, null, 0, null, null, 1000, null);

		assertThat(properties).isEqualTo(EmulatorProperties.defaults());
		assertThat(properties.hubs()).isEqualTo(List.copyOf(EmulatorProperties.DEFAULT_HUBS));
	}

}
