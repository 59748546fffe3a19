package io.dpsbatch.emulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.keys.IndividualKeysFile;

/**
 * The DPS instances the emulator serves, by ID scope: the default one
 * ({@code emulator.id-scope}, with the group of {@code emulator.group-key}) and one more
 * for each other ID scope of {@code emulator.enrollments}. Each has its own enrollments,
 * registrations and registration quota ({@code emulator.registrations-per-minute} and
 * {@code registration-burst} apply to each); the other instance settings (assignment
 * delay, hubs, disabled and failing IDs, poll limit, faults) are shared. Field load takes
 * from the default instance's quota only.
 */
final class EmulatedInstances implements AutoCloseable {

	private final Map<String, EmulatedInstance> byScope;

	private final EmulatedInstance defaultInstance;

	private final List<EmulatedEnrollment> enrollments;

	private final List<IndividualKeysFile> keysFiles;

	private EmulatedInstances(Map<String, EmulatedInstance> byScope, EmulatedInstance defaultInstance,
			List<EmulatedEnrollment> enrollments, List<IndividualKeysFile> keysFiles) {
		this.byScope = byScope;
		this.defaultInstance = defaultInstance;
		this.enrollments = List.copyOf(enrollments);
		this.keysFiles = List.copyOf(keysFiles);
	}

	/**
	 * Builds every instance; named groups' keys not configured are generated into the
	 * state. Call exclusively.
	 */
	static EmulatedInstances create(EmulatorProperties properties, EnrollmentGroupKeys defaultKeys,
			StateDirectory state, AssignmentPolicy policy, Clock clock, LongSupplier nanoTime) {
		Builder builder = new Builder(properties.idScope());
		try {
			builder.group(properties.idScope(), properties.enrollmentGroupId(), defaultKeys);
			builder.enrollments.add(new EmulatedEnrollment("", properties.idScope(), properties.enrollmentGroupId(),
					defaultKeys.primaryBase64(), defaultKeys.secondaryBase64(), null, 0));
			for (Map.Entry<String, EmulatorEnrollmentProperties> entry : new TreeMap<>(properties.enrollments())
				.entrySet()) {
				builder.add(entry.getKey(), entry.getValue(), properties.idScope(), state);
			}
			for (String scope : builder.scopes.keySet()) {
				if (ServiceRoute.COLLECTIONS.contains(scope)) {
					// its device paths would be taken for service API paths
					throw new IllegalArgumentException("the ID scope " + scope + " is a word of the service API");
				}
			}
			Map<String, EmulatedInstance> byScope = new LinkedHashMap<>();
			builder.scopes.forEach((key, idScope) -> byScope.put(key,
					new EmulatedInstance(idScope,
							new InstanceEnrollments(builder.groups.getOrDefault(key, List.of()),
									builder.individuals.getOrDefault(key, List.of()), new ServiceEnrollments(clock)),
							new DeviceRegistry(policy, properties.assignmentDelay(), clock, nanoTime),
							new RegistrationQuota(properties.registrationsPerMinute(), properties.registrationBurst(),
									nanoTime),
							serviceAccess(idScope, properties, state),
							new RegistrationQuota(properties.serviceOperationsPerMinute(), nanoTime))));
			return new EmulatedInstances(byScope, byScope.get(key(properties.idScope())), builder.enrollments,
					builder.keysFiles);
		}
		catch (RuntimeException ex) {
			builder.keysFiles.forEach(IndividualKeysFile::close);
			throw ex;
		}
	}

	/**
	 * The service host name and policy key of an instance: {@code emulator.service-key}
	 * for the default instance when set, otherwise a key generated once into
	 * {@code <state-dir>/service-key.<id scope>}.
	 */
	private static ServiceAccess serviceAccess(String idScope, EmulatorProperties properties, StateDirectory state) {
		boolean configured = properties.serviceKey() != null && key(idScope).equals(key(properties.idScope()));
		String policyKey = configured ? properties.serviceKey()
				: EnrollmentGroupKeys.storedOrGenerated(state, ServiceAccess.KEY_FILE_PREFIX + key(idScope));
		// checked like a group key, so that a bad one is noticed at start
		GroupKey.fromBase64(policyKey);
		return new ServiceAccess(ServiceAccess.hostName(idScope), policyKey);
	}

	/**
	 * The service host names of every instance the properties configure: the names the
	 * TLS server certificate must carry.
	 */
	static List<String> serviceHostNames(EmulatorProperties properties) {
		Map<String, String> hosts = new TreeMap<>();
		hosts.put(key(properties.idScope()), ServiceAccess.hostName(properties.idScope()));
		for (EmulatorEnrollmentProperties enrollment : properties.enrollments().values()) {
			if (enrollment.idScope() != null) {
				hosts.put(key(enrollment.idScope()), ServiceAccess.hostName(enrollment.idScope()));
			}
		}
		return List.copyOf(hosts.values());
	}

	/**
	 * The instance whose service host name this is (compared without regard to case), or
	 * {@code null}.
	 */
	EmulatedInstance findByServiceHost(String hostName) {
		for (EmulatedInstance instance : this.byScope.values()) {
			if (instance.service().hostName().equalsIgnoreCase(hostName)) {
				return instance;
			}
		}
		return null;
	}

	private static String key(String idScope) {
		return idScope.toLowerCase(Locale.ROOT);
	}

	/**
	 * The instance of an ID scope (compared without regard to case), or {@code null}:
	 * DPS's 404 "no such instance".
	 */
	EmulatedInstance find(String idScope) {
		return this.byScope.get(key(idScope));
	}

	EmulatedInstance defaultInstance() {
		return this.defaultInstance;
	}

	List<EmulatedInstance> all() {
		return List.copyOf(this.byScope.values());
	}

	List<EmulatedEnrollment> enrollments() {
		return this.enrollments;
	}

	@Override
	public void close() {
		this.keysFiles.forEach(IndividualKeysFile::close);
	}

	/** Collects the enrollments by instance while they are read. */
	private static final class Builder {

		final Map<String, String> scopes = new LinkedHashMap<>();

		final Map<String, List<InstanceEnrollments.Group>> groups = new HashMap<>();

		final Map<String, List<InstanceEnrollments.IndividualSet>> individuals = new HashMap<>();

		final List<EmulatedEnrollment> enrollments = new ArrayList<>();

		final List<IndividualKeysFile> keysFiles = new ArrayList<>();

		Builder(String defaultScope) {
			this.scopes.put(key(defaultScope), defaultScope);
		}

		void group(String idScope, String enrollmentGroupId, EnrollmentGroupKeys keys) {
			this.scopes.putIfAbsent(key(idScope), idScope);
			this.groups.computeIfAbsent(key(idScope), (scope) -> new ArrayList<>())
				.add(new InstanceEnrollments.Group(enrollmentGroupId, keys));
		}

		void add(String name, EmulatorEnrollmentProperties enrollment, String defaultScope, StateDirectory state) {
			String property = "emulator.enrollments." + name;
			String idScope = (enrollment.idScope() != null) ? enrollment.idScope() : defaultScope;
			if (!enrollment.isIndividual()) {
				EnrollmentGroupKeys keys = EnrollmentGroupKeys.loadOrCreate(enrollment.groupKey(),
						enrollment.secondaryGroupKey(), enrollment.acceptKeys(), state, "." + key(name));
				String groupId = (enrollment.enrollmentGroupId() != null) ? enrollment.enrollmentGroupId() : name;
				group(idScope, groupId, keys);
				this.enrollments.add(new EmulatedEnrollment(name, idScope, groupId, keys.primaryBase64(),
						keys.secondaryBase64(), null, 0));
				return;
			}
			String fileProperty = property + ".individual-keys-file";
			if (enrollment.generateKeysFor() != null) {
				IndividualKeysGenerator.addMissing(enrollment.individualKeysFile(), enrollment.generateKeysFor(), name,
						fileProperty);
			}
			IndividualKeysFile keys = IndividualKeysFile.open(enrollment.individualKeysFile(), fileProperty);
			this.keysFiles.add(keys);
			this.scopes.putIfAbsent(key(idScope), idScope);
			this.individuals.computeIfAbsent(key(idScope), (scope) -> new ArrayList<>())
				.add(new InstanceEnrollments.IndividualSet(keys, enrollment.acceptKeys()));
			this.enrollments.add(new EmulatedEnrollment(name, idScope, null, null, null,
					enrollment.individualKeysFile(), keys.size()));
		}

	}

}
