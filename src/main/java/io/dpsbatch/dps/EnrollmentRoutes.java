package io.dpsbatch.dps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.dpsbatch.enrollment.Enrollment;

/**
 * Where each device of a run goes and what it shares with others: one {@link DpsInstance}
 * (URLs and pace) per DPS instance, so that two enrollments of one instance share its
 * quota and two instances are paced apart; one {@link KeyVerdicts} per enrollment, so
 * that a key DPS refuses for one group stops that group's devices, not the others'. Both
 * are made when the first device that needs them is sent. Thread-safe.
 */
final class EnrollmentRoutes implements AutoCloseable {

	private final Function<Enrollment, Pacer> newPacer;

	private final String apiVersion;

	private final int configuredPace;

	private final ConcurrentMap<String, DpsInstance> instances = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, EnrollmentVerdicts> verdicts = new ConcurrentHashMap<>();

	private volatile boolean closed;

	EnrollmentRoutes(String apiVersion, int configuredPace, Function<Enrollment, Pacer> newPacer) {
		this.apiVersion = apiVersion;
		this.configuredPace = configuredPace;
		this.newPacer = newPacer;
	}

	DpsInstance instance(Enrollment enrollment) {
		DpsInstance instance = this.instances.computeIfAbsent(enrollment.instance(),
				(key) -> new DpsInstance(key,
						new DpsUris(enrollment.globalEndpoint(), enrollment.idScope(), this.apiVersion),
						this.newPacer.apply(enrollment), DpsInstance.hostOf(enrollment.globalEndpoint()),
						new StatisticsCounters()));
		if (this.closed) { // close() may have missed one made meanwhile
			instance.pacer().close();
		}
		return instance;
	}

	/**
	 * The enrollment's verdicts on its keys, and how many of its devices are out (between
	 * start and outcome).
	 */
	EnrollmentVerdicts verdicts(Enrollment enrollment) {
		return this.verdicts.computeIfAbsent(enrollment.name(), (name) -> {
			AtomicInteger out = new AtomicInteger();
			return new EnrollmentVerdicts(new KeyVerdicts(enrollment, out::get), out);
		});
	}

	/**
	 * The pace in force, summed over the instances: the configured one before the first
	 * device.
	 */
	int pacePerMinute() {
		if (this.instances.isEmpty()) {
			return this.configuredPace;
		}
		return this.instances.values().stream().mapToInt((instance) -> instance.pacer().pacePerMinute()).sum();
	}

	/** The pace in force per instance ({@code host/idscope}). */
	Map<String, Integer> pacePerInstance() {
		Map<String, Integer> paces = new LinkedHashMap<>();
		this.instances.forEach((key, instance) -> paces.put(key, instance.pacer().pacePerMinute()));
		return paces;
	}

	/**
	 * What each instance ({@code host/idscope}) was sent and answered, with its pace in
	 * force.
	 */
	Map<String, DpsStatistics> statisticsPerInstance() {
		Map<String, DpsStatistics> statistics = new java.util.TreeMap<>();
		this.instances.forEach((key, instance) -> statistics.put(key,
				instance.statistics().snapshot(instance.pacer().pacePerMinute())));
		return statistics;
	}

	@Override
	public void close() {
		this.closed = true;
		this.instances.values().forEach((instance) -> instance.pacer().close());
	}

	/**
	 * One enrollment's {@link KeyVerdicts} and the count of its devices out that they
	 * decide with.
	 */
	record EnrollmentVerdicts(KeyVerdicts verdicts, AtomicInteger devicesOut) {
	}

}
