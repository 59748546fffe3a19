package io.dpsbatch.emulator;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of what the emulator has seen since it started. Call counts include every
 * request to that endpoint, whatever its answer; the refusal counts are per HTTP status,
 * whatever the cause (so {@code throttled} includes injected 429s, which
 * {@code injectedFaults} also counts).
 *
 * @param registerCalls register PUTs received
 * @param pollCalls operation status GETs received
 * @param lookupCalls registration status lookup POSTs received
 * @param unauthorized 401 answers
 * @param throttled 429 answers (registration quota, poll limit, injected)
 * @param badRequests 400 answers
 * @param injectedFaults requests that got an injected fault (error, dropped connection or
 * delay)
 * @param assigned registrations that have reached {@code assigned} (a device registered
 * twice counts twice)
 * @param devicesRegisteredMoreThanOnce devices with more than one accepted registration
 * @param registerCallsByDevice accepted registrations (answered 202) per lower-cased
 * registration ID
 * @param fieldCalls register calls of devices in the field
 * ({@code emulator.field-load-*}); not in any other count
 * @param fieldThrottled field calls that found the registration quota used up: the 429s
 * devices in the field got
 * @param connections TLS connections accepted (each costs the client a handshake)
 * @param openConnections TLS connections open now
 * @param mostOpenConnections the most TLS connections that were open at once: what a
 * client's connection bound is seen as from the server (a connection closed and replaced
 * counts once in this, twice in {@code connections})
 * @param instances the figures of each emulated DPS instance, by ID scope (one unless
 * {@code emulator.enrollments} names other ID scopes); the device figures above are their
 * sums
 * @param serviceCalls service API calls received (whatever their answer)
 * @param serviceThrottled service API calls the operations quota answered with 429
 * @param enrollmentsCreated individual enrollments created through the service API
 * (updates not counted)
 * @param enrollmentsDeleted individual enrollments deleted through the service API
 * @param registrationRecordsDeleted registration records deleted through the service API
 */
public record EmulatorCounts(long registerCalls, long pollCalls, long lookupCalls, long unauthorized, long throttled,
		long badRequests, long injectedFaults, long assigned, int devicesRegisteredMoreThanOnce,
		Map<String, Integer> registerCallsByDevice, long fieldCalls, long fieldThrottled, long connections,
		int openConnections, int mostOpenConnections, Map<String, InstanceCounts> instances, long serviceCalls,
		long serviceThrottled, long enrollmentsCreated, long enrollmentsDeleted, long registrationRecordsDeleted) {

	public EmulatorCounts {
		// sorted, so that the admin API's JSON and test failure messages are easy to read
		registerCallsByDevice = Collections.unmodifiableMap(new TreeMap<>(registerCallsByDevice));
		instances = Collections.unmodifiableMap(new TreeMap<>(instances));
	}

	/**
	 * What one emulated DPS instance has seen: its own quota's figures, so that a run
	 * over several instances can be seen to pace each one apart.
	 *
	 * @param registerCalls register calls with a valid token (throttled ones included)
	 * @param throttled of those, the ones its registration quota answered with 429
	 * @param assigned registrations that have reached {@code assigned}
	 * @param devices devices with at least one accepted registration
	 */
	public record InstanceCounts(long registerCalls, long throttled, long assigned, int devices) {

	}

	/** A few lines for humans, as printed when the emulator stops. */
	public String toSummary() {
		return String.format("""
				register calls: %d (devices registered: %d, more than once: %d, assigned: %d)
				operation polls: %d, status lookups: %d
				refused: %d unauthorized (401), %d throttled (429), %d bad requests (400)
				injected faults: %d
				field load: %d register calls of devices in the field, %d of them throttled (429)
				TLS connections accepted: %d (at most %d open at once)
				service API: %d calls (%d throttled by the operations quota), %d enrollments created, \
				%d deleted, %d registration records deleted""", this.registerCalls, this.registerCallsByDevice.size(),
				this.devicesRegisteredMoreThanOnce, this.assigned, this.pollCalls, this.lookupCalls, this.unauthorized,
				this.throttled, this.badRequests, this.injectedFaults, this.fieldCalls, this.fieldThrottled,
				this.connections, this.mostOpenConnections, this.serviceCalls, this.serviceThrottled,
				this.enrollmentsCreated, this.enrollmentsDeleted, this.registrationRecordsDeleted) + instancesSummary();
	}

	/**
	 * One line per instance when there are several; nothing when there is one (the lines
	 * above say it all).
	 */
	private String instancesSummary() {
		if (this.instances.size() < 2) {
			return "";
		}
		StringBuilder lines = new StringBuilder();
		this.instances.forEach((idScope,
				counts) -> lines.append(String.format(
						"\ninstance %s: %d register calls (%d throttled by its quota), %d devices, %d assigned",
						idScope, counts.registerCalls(), counts.throttled(), counts.devices(), counts.assigned())));
		return lines.toString();
	}

}
