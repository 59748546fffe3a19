package io.dpsbatch.register;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.dpsbatch.dps.DeviceToRegister;
import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.dps.Registrar;
import io.dpsbatch.dps.RegistrationOutcome;
import io.dpsbatch.store.TestDatabase;

/**
 * A registrar whose devices wait with DPS until the test says what DPS answered: each
 * device's future is completed from the test, on the test's thread.
 */
final class ScriptedRegistrar implements Registrar {

	private final Map<String, CompletableFuture<RegistrationOutcome>> futures = new ConcurrentHashMap<>();

	private final List<DeviceToRegister> sent = new ArrayList<>();

	private volatile DpsStatistics statistics;

	private volatile boolean closed;

	ScriptedRegistrar() {
		this(new DpsStatistics(0, 0, 0, 0, 0, 0, 0, 900));
	}

	ScriptedRegistrar(DpsStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public synchronized CompletableFuture<RegistrationOutcome> provision(DeviceToRegister device) {
		CompletableFuture<RegistrationOutcome> future = new CompletableFuture<>();
		this.futures.put(device.registrationId(), future);
		this.sent.add(device);
		return future;
	}

	/** The devices sent so far, in order. */
	synchronized List<DeviceToRegister> sent() {
		return List.copyOf(this.sent);
	}

	/** The registration IDs sent so far, in order. */
	List<String> sentIds() {
		return sent().stream().map(DeviceToRegister::registrationId).toList();
	}

	/** DPS assigns the device after one register call. */
	void assign(String registrationId) {
		future(registrationId).complete(TestDatabase.assigned(registrationId, 1));
	}

	/** The device's path ends without an outcome. */
	void fail(String registrationId, Throwable failure) {
		future(registrationId).completeExceptionally(failure);
	}

	/** What the client reports it did from now on. */
	void report(DpsStatistics statistics) {
		this.statistics = statistics;
	}

	boolean isClosed() {
		return this.closed;
	}

	@Override
	public DpsStatistics statistics() {
		return this.statistics;
	}

	@Override
	public Map<String, DpsStatistics> statisticsPerInstance() {
		return Map.of("global.azure-devices-provisioning.net/0ne00000A0A", this.statistics);
	}

	@Override
	public void close() {
		this.closed = true;
		this.futures.values().forEach((future) -> future.completeExceptionally(new CancellationException("closed")));
	}

	private CompletableFuture<RegistrationOutcome> future(String registrationId) {
		CompletableFuture<RegistrationOutcome> future = this.futures.get(registrationId);
		if (future == null) {
			throw new IllegalStateException(registrationId + " was not sent");
		}
		return future;
	}

}
