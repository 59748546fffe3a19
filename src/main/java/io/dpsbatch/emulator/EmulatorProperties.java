package io.dpsbatch.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The {@code emulator.*} properties of the embedded DPS emulator. All are optional; the
 * defaults give a DPS that behaves like a healthy default instance. {@link #toString()}
 * never shows the group keys.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free port
 * @param idScope the ID scope the emulator answers to
 * @param groupKey enrollment group primary key (base64); when absent a random 64-byte key
 * is generated once and kept in {@code state-dir/group-key}, so it stays the same across
 * starts
 * @param secondaryGroupKey enrollment group secondary key (base64); generated and kept
 * like the primary when absent ({@code state-dir/secondary-group-key})
 * @param stateDir where the generated keys, the TLS key stores and the exported trust
 * store live (created with mode 0700, secret files 0600)
 * @param acceptKeys which group key(s) device SAS tokens may be derived from
 * @param assignmentDelay time from the register call until the operation is
 * {@code assigned}
 * @param retryAfter seconds in the {@code Retry-After} header of 202 answers; 3 as DPS
 * sends (its documented example and real traces)
 * @param hubs IoT hub host names; a device goes to the one its lower-cased ID hashes to,
 * always the same
 * @param registrationsPerMinute register quota of the instance, a token bucket refilled
 * at this rate that holds {@code registrationBurst}: beyond it register answers 429 with
 * {@code Retry-After}; 0 means unlimited
 * @param registrationBurst register calls the full quota bucket lets through at once; 0
 * (the default) means one second's worth of {@code registrationsPerMinute}, at least one
 * (see {@link RegistrationQuota} for why)
 * @param pollLimitEnabled whether operation polls are limited to 5 per 10 seconds per
 * device, like DPS
 * @param disabledIds registration IDs (or {@code *} globs, case-insensitive) whose
 * operation ends {@code disabled}
 * @param failingIds registration IDs (or {@code *} globs, case-insensitive) whose
 * operation ends {@code failed} with error code 400209
 * @param faults faults injected into DPS requests from the start (they can be changed at
 * runtime)
 * @param maxSasTtl when set, SAS tokens expiring further in the future than this are
 * refused
 * @param enrollmentGroupId the name of the emulator's enrollment group, in
 * {@code symmetricKey.enrollmentGroupId} of registration states
 * @param customAllocation rules that rehearse a custom allocation webhook (hub and
 * returned payload by the device's payload); none by default
 * @param fieldLoadPerMinute register calls a minute that devices in the field take from
 * the quota, evenly spread
 * @param fieldLoadSchedule the same as steps in time, {@code 200/min@0s,600/min@60s} (see
 * {@link FieldLoadSchedule}); only one of the two field-load properties may be set
 * @param enrollments more enrollments by name: other groups, individual enrollments,
 * other ID scopes (each ID scope another DPS instance with its own quota); see
 * {@link EmulatorEnrollmentProperties}
 * @param serviceOperationsPerMinute the operations quota of each instance: service API
 * calls a minute, a token bucket holding one second's worth, like the registration quota;
 * beyond it the service API answers 429; 0 means unlimited
 * @param serviceKey the default instance's service policy key (base64); when absent a key
 * is generated once and kept in {@code state-dir/service-key.<id scope>}, as for every
 * other instance
 */
@ConfigurationProperties("emulator")
public record EmulatorProperties(@DefaultValue("0") int port, @DefaultValue(DEFAULT_ID_SCOPE) String idScope,
		String groupKey, String secondaryGroupKey, @DefaultValue(DEFAULT_STATE_DIR) Path stateDir,
		@DefaultValue("BOTH") AcceptKeys acceptKeys, @DefaultValue("1s") Duration assignmentDelay,
		@DefaultValue("3") int retryAfter, @DefaultValue( {
				"dps-batch-emu-hub-1.azure-devices.net", "dps-batch-emu-hub-2.azure-devices.net",
				"dps-batch-emu-hub-3.azure-devices.net" }) List<String> hubs,
		@DefaultValue("1000") int registrationsPerMinute, @DefaultValue("true") boolean pollLimitEnabled,
		List<String> disabledIds, List<String> failingIds, @DefaultValue FaultSettings faults, Duration maxSasTtl,
		@DefaultValue("0") int registrationBurst, @DefaultValue(DEFAULT_ENROLLMENT_GROUP_ID) String enrollmentGroupId,
		CustomAllocation customAllocation, @DefaultValue("0") int fieldLoadPerMinute, String fieldLoadSchedule,
		Map<String, EmulatorEnrollmentProperties> enrollments, @DefaultValue("1000") int serviceOperationsPerMinute,
		String serviceKey){

	static final String DEFAULT_ID_SCOPE = "0ne00EMU001";

	static final String DEFAULT_STATE_DIR = "./data/emulator";

	static final String DEFAULT_ENROLLMENT_GROUP_ID = "dps-batch-emulator-group";

	static final List<String> DEFAULT_HUBS = List.of("dps-batch-emu-hub-1.azure-devices.net",
			"dps-batch-emu-hub-2.azure-devices.net", "dps-batch-emu-hub-3.azure-devices.net");

	/** Which enrollment group key(s) the emulator accepts signatures from. */
	public enum AcceptKeys {

		PRIMARY, SECONDARY, BOTH;

		boolean primary() {
			return this != SECONDARY;
		}

		boolean secondary() {
			return this != PRIMARY;
		}

	}

	public EmulatorProperties {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("emulator.port must be between 0 and 65535, was " + port);
		}
		idScope = (idScope != null) ? idScope.strip() : DEFAULT_ID_SCOPE;
		if (!idScope.matches("[A-Za-z0-9]{1,64}")) {
			throw new IllegalArgumentException("emulator.id-scope must be letters and digits, like 0ne00EMU001");
		}
		// an empty value (for example EMULATOR_GROUP_KEY= in a script) means "not set"
		groupKey = (groupKey != null && !groupKey.isBlank()) ? groupKey : null;
		secondaryGroupKey = (secondaryGroupKey != null && !secondaryGroupKey.isBlank()) ? secondaryGroupKey : null;
		stateDir = ((stateDir != null) ? stateDir : Path.of(DEFAULT_STATE_DIR)).normalize();
		acceptKeys = (acceptKeys != null) ? acceptKeys : AcceptKeys.BOTH;
		assignmentDelay = (assignmentDelay != null) ? assignmentDelay : Duration.ofSeconds(1);
		if (assignmentDelay.isNegative()) {
			throw new IllegalArgumentException("emulator.assignment-delay must not be negative");
		}
		if (retryAfter < 0) {
			throw new IllegalArgumentException("emulator.retry-after must not be negative");
		}
		hubs = (hubs != null && !hubs.isEmpty()) ? List.copyOf(hubs) : DEFAULT_HUBS;
		if (registrationsPerMinute < 0) {
			throw new IllegalArgumentException("emulator.registrations-per-minute must not be negative");
		}
		disabledIds = (disabledIds != null) ? List.copyOf(disabledIds) : List.of();
		failingIds = (failingIds != null) ? List.copyOf(failingIds) : List.of();
		faults = (faults != null) ? faults : FaultSettings.none();
		if (maxSasTtl != null && (maxSasTtl.isNegative() || maxSasTtl.isZero())) {
			throw new IllegalArgumentException("emulator.max-sas-ttl must be positive");
		}
		if (registrationBurst < 0) {
			throw new IllegalArgumentException("emulator.registration-burst must not be negative");
		}
		enrollmentGroupId = (enrollmentGroupId != null && !enrollmentGroupId.isBlank()) ? enrollmentGroupId.strip()
				: DEFAULT_ENROLLMENT_GROUP_ID;
		customAllocation = (customAllocation != null) ? customAllocation : CustomAllocation.none();
		if (fieldLoadPerMinute < 0) {
			throw new IllegalArgumentException("emulator.field-load-per-minute must not be negative");
		}
		fieldLoadSchedule = (fieldLoadSchedule != null && !fieldLoadSchedule.isBlank()) ? fieldLoadSchedule.strip()
				: null;
		if (fieldLoadSchedule != null && fieldLoadPerMinute > 0) {
			throw new IllegalArgumentException(
					"set emulator.field-load-per-minute or emulator.field-load-schedule, not both");
		}
		FieldLoadSchedule.parse(fieldLoadSchedule);
		enrollments = (enrollments != null) ? Map.copyOf(enrollments) : Map.of();
		checkEnrollmentNames(enrollments);
		if (serviceOperationsPerMinute < 0) {
			throw new IllegalArgumentException("emulator.service-operations-per-minute must not be negative");
		}
		serviceKey = (serviceKey != null && !serviceKey.isBlank()) ? serviceKey.strip() : null;
	}

	/**
	 * Names as {@code dps.enrollments} takes them, each once whatever its case (each is
	 * matched without regard to it).
	 */
	private static void checkEnrollmentNames(Map<String, EmulatorEnrollmentProperties> enrollments) {
		Map<String, String> seen = new java.util.HashMap<>();
		for (Map.Entry<String, EmulatorEnrollmentProperties> entry : enrollments.entrySet()) {
			String name = entry.getKey();
			String prefix = "emulator.enrollments." + name;
			if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
				throw new IllegalArgumentException(
						prefix + ": an enrollment name is 1 to 64 letters, digits, '-' and '_'");
			}
			String earlier = seen.put(name.toLowerCase(java.util.Locale.ROOT), name);
			if (earlier != null) {
				throw new IllegalArgumentException(
						"emulator.enrollments has '" + earlier + "' and '" + name + "', one name in two spellings");
			}
			if (entry.getValue() == null) {
				throw new IllegalArgumentException(prefix + " has no settings");
			}
			entry.getValue().check(prefix);
		}
	}

	/** The field load, from whichever of the two properties is set. */
	FieldLoadSchedule fieldLoad() {
		return (this.fieldLoadSchedule != null) ? FieldLoadSchedule.parse(this.fieldLoadSchedule)
				: FieldLoadSchedule.constant(this.fieldLoadPerMinute);
	}

	/** All defaults, as if no {@code emulator.*} property were set. */
	public static EmulatorProperties defaults() {
		return bind(Map.of());
	}

	/**
	 * Binds {@code emulator.*} properties from a map of names to values, as Spring Boot
	 * would from {@code application.yml} (for example
	 * {@code "emulator.disabled-ids" -> "blocked-*,off-1"}).
	 */
	public static EmulatorProperties bind(Map<String, String> properties) {
		Binder binder = new Binder(new MapConfigurationPropertySource(properties));
		return binder.bindOrCreate("emulator", Bindable.of(EmulatorProperties.class));
	}

	/** A copy on another port (the {@code emulator --port} option). */
	public EmulatorProperties withPort(int port) {
		return new EmulatorProperties(port, this.idScope, this.groupKey, this.secondaryGroupKey, this.stateDir,
				this.acceptKeys, this.assignmentDelay, this.retryAfter, this.hubs, this.registrationsPerMinute,
				this.pollLimitEnabled, this.disabledIds, this.failingIds, this.faults, this.maxSasTtl,
				this.registrationBurst, this.enrollmentGroupId, this.customAllocation, this.fieldLoadPerMinute,
				this.fieldLoadSchedule, this.enrollments, this.serviceOperationsPerMinute, this.serviceKey);
	}

	/** A copy keeping its state in another directory. */
	public EmulatorProperties withStateDir(Path stateDir) {
		return new EmulatorProperties(this.port, this.idScope, this.groupKey, this.secondaryGroupKey, stateDir,
				this.acceptKeys, this.assignmentDelay, this.retryAfter, this.hubs, this.registrationsPerMinute,
				this.pollLimitEnabled, this.disabledIds, this.failingIds, this.faults, this.maxSasTtl,
				this.registrationBurst, this.enrollmentGroupId, this.customAllocation, this.fieldLoadPerMinute,
				this.fieldLoadSchedule, this.enrollments, this.serviceOperationsPerMinute, this.serviceKey);
	}

	@Override
	public String toString() {
		return "EmulatorProperties[port=" + this.port + ", idScope=" + this.idScope + ", groupKey="
				+ hidden(this.groupKey) + ", secondaryGroupKey=" + hidden(this.secondaryGroupKey) + ", stateDir="
				+ this.stateDir + ", acceptKeys=" + this.acceptKeys + ", assignmentDelay=" + this.assignmentDelay
				+ ", retryAfter=" + this.retryAfter + ", hubs=" + this.hubs + ", registrationsPerMinute="
				+ this.registrationsPerMinute + ", pollLimitEnabled=" + this.pollLimitEnabled + ", disabledIds="
				+ this.disabledIds + ", failingIds=" + this.failingIds + ", faults=" + this.faults + ", maxSasTtl="
				+ this.maxSasTtl + ", registrationBurst=" + this.registrationBurst + ", enrollmentGroupId="
				+ this.enrollmentGroupId + ", customAllocation=" + this.customAllocation + ", fieldLoadPerMinute="
				+ this.fieldLoadPerMinute + ", fieldLoadSchedule=" + this.fieldLoadSchedule + ", enrollments="
				+ this.enrollments + ", serviceOperationsPerMinute=" + this.serviceOperationsPerMinute + ", serviceKey="
				+ hidden(this.serviceKey) + "]";
	}

	private static String hidden(String secret) {
		return (secret != null) ? "[hidden]" : "null";
	}

}
