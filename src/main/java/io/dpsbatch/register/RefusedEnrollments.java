package io.dpsbatch.register;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.dpsbatch.dps.GroupKeyRefusedException;

/**
 * The enrollments of a run whose keys DPS refuses for every device tried: only their
 * devices stop, the other enrollments' go on, and the run ends with the refusal once they
 * are done ({@link #refusal()}). When every configured enrollment is refused, the run
 * stops at once. Thread-safe: refusals arrive on the DPS client's threads.
 */
final class RefusedEnrollments {

	private final Map<String, GroupKeyRefusedException> refused = new ConcurrentHashMap<>();

	private final int configured;

	/**
	 * @param configured how many enrollments the run has
	 */
	RefusedEnrollments(int configured) {
		this.configured = configured;
	}

	boolean isRefused(String enrollment) {
		return this.refused.containsKey(enrollment);
	}

	/**
	 * Records a refusal.
	 * @return whether every configured enrollment is now refused: the run stops at once
	 */
	boolean refuse(GroupKeyRefusedException refusal) {
		this.refused.putIfAbsent(refusal.enrollment(), refusal);
		return this.refused.size() >= this.configured;
	}

	/**
	 * What ends the run once the others are done, or null; when several were refused, the
	 * message names each.
	 */
	GroupKeyRefusedException refusal() {
		if (this.refused.isEmpty()) {
			return null;
		}
		if (this.refused.size() == 1) {
			return this.refused.values().iterator().next();
		}
		StringBuilder message = new StringBuilder("DPS refuses the keys of " + this.refused.size() + " enrollments:");
		this.refused.values().forEach((refusal) -> message.append(System.lineSeparator()).append(refusal.getMessage()));
		return new GroupKeyRefusedException(message.toString(), this.refused.keySet().iterator().next());
	}

}
