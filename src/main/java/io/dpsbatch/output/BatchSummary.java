package io.dpsbatch.output;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.BatchTotals;
import io.dpsbatch.store.DeviceStatus;
import io.dpsbatch.store.EnrollmentCounts;

/**
 * summary.json, a batch's figures that operators script against: the order of the
 * components is the order of the JSON's fields, so a component is only ever added at the
 * end, never renamed or moved. Read it back with Jackson into this type.
 *
 * @param pacePerMinuteAtEnd the register calls a minute the client was pacing itself to
 * at the end; {@code null} when nothing was sent
 * @param latencyMillis empty when no device was registered
 * @param enrollments by enrollment name ({@code (default)} for the default one)
 */
public record BatchSummary(String batch, String source, String manifestSha256, String idScope, String endpoint,
		long devices, Outcomes outcomes, boolean complete, String startedAt, String endedAt, double durationSeconds,
		double devicesPerSecond, long registrationsSent, long statusLookups, long throttledResponses,
		long registeredWithSecondaryKey, Integer pacePerMinuteAtEnd, Latency latencyMillis,
		Map<String, EnrollmentSummary> enrollments) {

	static BatchSummary of(BatchRecord batch, BatchTotals totals, Instant now, Map<String, Long> percentiles,
			List<EnrollmentCounts> counts, Enrollments configured) {
		Duration duration = Duration.between(batch.createdAt(), now);
		long done = totals.answered();
		double seconds = Math.max(duration.toMillis(), 1) / 1000.0;
		Map<String, EnrollmentSummary> enrollments = new LinkedHashMap<>();
		for (EnrollmentCounts enrollment : counts) {
			enrollments.put(enrollment.displayName(),
					EnrollmentSummary.of(enrollment, configured.find(enrollment.enrollment()).orElse(null)));
		}
		return new BatchSummary(batch.name(), batch.source(), batch.manifestSha256(), batch.idScope(), batch.endpoint(),
				totals.total(), Outcomes.of(totals), totals.unfinished() == 0, batch.createdAt().toString(),
				now.toString(), Math.round(seconds * 10) / 10.0, Math.round(done / seconds * 10) / 10.0,
				totals.registerCalls(), totals.lookupCalls(), totals.throttledResponses(), totals.usedSecondaryKey(),
				totals.lastPacePerMinute(), Latency.of(percentiles), enrollments);
	}

	/**
	 * The batch's devices by {@link DeviceStatus}: one component per status, in its
	 * order, named after it in camel case.
	 */
	public record Outcomes(long pending, long registering, long assigned, long failed, long disabled, long unauthorized,
			long timedOut, long error, long alreadyAssigned, long rejected) {

		static Outcomes of(BatchTotals totals) {
			return new Outcomes(totals.count(DeviceStatus.PENDING), totals.count(DeviceStatus.REGISTERING),
					totals.count(DeviceStatus.ASSIGNED), totals.count(DeviceStatus.FAILED),
					totals.count(DeviceStatus.DISABLED), totals.count(DeviceStatus.UNAUTHORIZED),
					totals.count(DeviceStatus.TIMED_OUT), totals.count(DeviceStatus.ERROR),
					totals.count(DeviceStatus.ALREADY_ASSIGNED), totals.count(DeviceStatus.REJECTED));
		}

	}

	/**
	 * Register-to-outcome times of the registered devices: nearest-rank percentiles, the
	 * largest and the mean (what the devices in flight and the throughput relate by:
	 * throughput = devices in flight / mean latency). Every field is absent when no
	 * device was registered.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Latency(Long p50, Long p95, Long p99, Long max, Long mean) {

		static Latency of(Map<String, Long> percentiles) {
			return new Latency(percentiles.get("p50"), percentiles.get("p95"), percentiles.get("p99"),
					percentiles.get("max"), percentiles.get("mean"));
		}

	}

	/**
	 * The devices of one enrollment, with its ID scope and kind when it is configured:
	 * names and counts only, never a key or a fingerprint.
	 */
	public record EnrollmentSummary(@JsonInclude(JsonInclude.Include.NON_NULL) String idScope,
			@JsonInclude(JsonInclude.Include.NON_NULL) String kind, long devices, long assigned, long failed,
			long rejected, long pending, long registerCalls) {

		static EnrollmentSummary of(EnrollmentCounts counts, Enrollment configured) {
			return new EnrollmentSummary((configured != null) ? configured.idScope() : null,
					(configured != null) ? configured.kind().name().toLowerCase(Locale.ROOT) : null, counts.total(),
					counts.assigned(), counts.notAssigned(), counts.count(DeviceStatus.REJECTED), counts.unfinished(),
					counts.registerCalls());
		}

	}

}
