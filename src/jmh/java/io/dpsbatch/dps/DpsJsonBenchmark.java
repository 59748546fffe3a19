package io.dpsbatch.dps;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The JSON of one device: its register body, and the two answers it reads (assigning, then assigned). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DpsJsonBenchmark {

	private final DpsJson json = new DpsJson();

	private final DpsUris uris = new DpsUris(java.net.URI.create("https://global.azure-devices-provisioning.net"),
			"0ne00EMU001", "2021-10-01");

	private final String assigning = "{\"operationId\":\"5.316aac5bdc130deb.b1e02da8-c3a0-4ff2-a121-7ea7a6b7f550\","
			+ "\"status\":\"assigning\"}";

	private final String assigned = "{\"operationId\":\"5.316aac5bdc130deb.b1e02da8-c3a0-4ff2-a121-7ea7a6b7f550\","
			+ "\"status\":\"assigned\",\"registrationState\":{\"registrationId\":\"line-7-station-3-sn-0012345678\","
			+ "\"createdDateTimeUtc\":\"2026-11-29T10:00:00.1234567Z\",\"assignedHub\":\"hub-1.azure-devices.net\","
			+ "\"deviceId\":\"line-7-station-3-sn-0012345678\",\"status\":\"assigned\",\"substatus\":\"initialAssignment\","
			+ "\"lastUpdatedDateTimeUtc\":\"2026-11-29T10:00:00.2345678Z\",\"etag\":\"IjAwMDAi\"}}";

	@Benchmark
	public String registerBody() {
		return this.json.registrationBody("line-7-station-3-sn-0012345678", null);
	}

	@Benchmark
	public String registerBodyWithPayload() {
		return this.json.registrationBody("line-7-station-3-sn-0012345678", "{\"line\":7,\"station\":\"3\"}");
	}

	@Benchmark
	public Object readAssigning() {
		return this.json.operationStatus(this.assigning);
	}

	@Benchmark
	public Object readAssigned() {
		return this.json.operationStatus(this.assigned);
	}

	@Benchmark
	public java.net.URI registerUri() {
		return this.uris.register("line-7-station-3-sn-0012345678");
	}

}
