package io.dpsbatch.keys;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** What every device costs in key material: its derived key, and a SAS token per request. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeysBenchmark {

	/** Microsoft's published example key (not a secret). */
	private final GroupKey groupKey = GroupKey
		.fromBase64("8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegxkqIChbqOS9Egw==");

	private final String registrationId = "line-7-station-3-sn-0012345678";

	private final DeviceKey deviceKey = this.groupKey.deriveDeviceKey(this.registrationId);

	private final Instant expiry = Instant.parse("2030-01-01T00:00:00Z");

	@Benchmark
	public DeviceKey deriveDeviceKey() {
		return this.groupKey.deriveDeviceKey(this.registrationId);
	}

	@Benchmark
	public String sasTokenHeader() {
		return SasToken.create("0ne00EMU001", this.registrationId, this.deviceKey, this.expiry).headerValue();
	}

}
