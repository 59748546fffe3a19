package io.dpsbatch.bench;

import java.time.Duration;
import java.util.Map;

/**
 * Many devices in flight, run as ./dps-batch runs the jar: the client's CPU per device.
 * The target leaves the JVM's start-up aside, which this run includes: the verdict gives
 * the figure, and the CPU of a run of a few devices is what to subtract from it
 * (docs/performance.md#throughput-and-cpu-quiet-machine).
 */
final class InFlight extends Scenario {

	static final double MAX_CPU_MILLIS_PER_DEVICE = 1.2;

	InFlight() {
		super("inflight", 10_000, emulator(0, "1s", 1), unpaced(1024), "512m", Duration.ofMinutes(15));
	}

	@Override
	boolean asLauncher() {
		return true;
	}

	@Override
	String target() {
		return format("<= %s ms client CPU per device start-up aside, first outcome within about one assignment time",
				number(MAX_CPU_MILLIS_PER_DEVICE));
	}

	@Override
	String verdict(Result result, Map<String, Result> done) {
		double perDevice = 1000 * result.clientCpuSeconds() / Math.max(1, result.devices());
		return format("%.2f ms of client CPU per device, start-up included (%.0f s in all), mean latency %d ms",
				perDevice, result.clientCpuSeconds(), result.meanLatency());
	}

}
