package io.dpsbatch.emulator;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of what the emulator has seen since it started. Call counts include every request to
 * that endpoint, whatever its answer; the refusal counts are per HTTP status, whatever the cause
 * (so {@code throttled} includes injected 429s, which {@code injectedFaults} also counts).
 *
 * @param registerCalls register PUTs received
 * @param pollCalls operation status GETs received
 * @param lookupCalls registration status lookup POSTs received
 * @param unauthorized 401 answers
 * @param throttled 429 answers (registration quota, poll limit, injected)
 * @param badRequests 400 answers
 * @param injectedFaults requests that got an injected fault (error, dropped connection or delay)
 * @param assigned registrations that have reached {@code assigned} (a device registered twice counts twice)
 * @param devicesRegisteredMoreThanOnce devices with more than one accepted registration
 * @param registerCallsByDevice accepted registrations (answered 202) per lower-cased registration ID
 * @param fieldCalls register calls of devices in the field ({@code emulator.field-load-*}); not in any other count
 * @param fieldThrottled field calls that found the registration quota used up: the 429s devices in the field got
 * @param connections TLS connections accepted (each costs the client a handshake)
 */
public record EmulatorCounts(long registerCalls, long pollCalls, long lookupCalls, long unauthorized, long throttled,
		long badRequests, long injectedFaults, long assigned, int devicesRegisteredMoreThanOnce,
		Map<String, Integer> registerCallsByDevice, long fieldCalls, long fieldThrottled, long connections) {

	public EmulatorCounts {
		// sorted, so that the admin API's JSON and test failure messages are easy to read
		registerCallsByDevice = Collections.unmodifiableMap(new TreeMap<>(registerCallsByDevice));
	}

	/** A few lines for humans, as printed when the emulator stops. */
	public String toSummary() {
		return String.format("""
				register calls: %d (devices registered: %d, more than once: %d, assigned: %d)
				operation polls: %d, status lookups: %d
				refused: %d unauthorized (401), %d throttled (429), %d bad requests (400)
				injected faults: %d
				field load: %d register calls of devices in the field, %d of them throttled (429)
				TLS connections accepted: %d""", this.registerCalls, this.registerCallsByDevice.size(),
				this.devicesRegisteredMoreThanOnce, this.assigned, this.pollCalls, this.lookupCalls, this.unauthorized,
				this.throttled, this.badRequests, this.injectedFaults, this.fieldCalls, this.fieldThrottled, this.connections);
	}

}
