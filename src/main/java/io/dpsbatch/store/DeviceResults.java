package io.dpsbatch.store;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What the results store says of a batch's devices, read only: counts per status, per hub
 * and per error, latencies, and the devices themselves in manifest order. The output
 * files, {@code status} and the progress lines are made of these.
 */
@Repository
public class DeviceResults {

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	DeviceResults(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.named = new NamedParameterJdbcTemplate(jdbc);
	}

	public BatchTotals totals(String batch) {
		Map<DeviceStatus, Long> counts = new EnumMap<>(DeviceStatus.class);
		long[] secondary = { 0 };
		this.jdbc.query("SELECT status, COUNT(*), SUM(CASE WHEN used_secondary_key THEN 1 ELSE 0 END) "
				+ "FROM dpsb_device WHERE batch_name = ? GROUP BY status", (rs) -> {
					counts.put(DeviceStatus.valueOf(rs.getString(1)), rs.getLong(2));
					secondary[0] += rs.getLong(3);
				}, batch);
		return this.jdbc.queryForObject(
				"SELECT register_calls, lookup_calls, throttled_responses, last_pace_per_minute "
						+ "FROM dpsb_batch WHERE name = ?",
				(rs, n) -> new BatchTotals(counts, rs.getLong(1), rs.getLong(2), rs.getLong(3), secondary[0],
						(Integer) rs.getObject(4)),
				batch);
	}

	/**
	 * The batch's devices per enrollment, in name order (the default enrollment,
	 * {@code ""}, first).
	 */
	public List<EnrollmentCounts> countsPerEnrollment(String batch) {
		Map<String, Map<DeviceStatus, Long>> counts = new java.util.TreeMap<>();
		Map<String, Long> registerCalls = new java.util.HashMap<>();
		this.jdbc
			.query("SELECT enrollment, status, COUNT(*), SUM(register_calls) FROM dpsb_device WHERE batch_name = ? "
					+ "GROUP BY enrollment, status", (rs) -> {
						String enrollment = rs.getString(1);
						counts.computeIfAbsent(enrollment, (key) -> new EnumMap<>(DeviceStatus.class))
							.put(DeviceStatus.valueOf(rs.getString(2)), rs.getLong(3));
						registerCalls.merge(enrollment, rs.getLong(4), Long::sum);
					}, batch);
		return counts.entrySet()
			.stream()
			.map((entry) -> new EnrollmentCounts(entry.getKey(), entry.getValue(),
					registerCalls.getOrDefault(entry.getKey(), 0L)))
			.toList();
	}

	/** Assigned devices per IoT hub, by hub name. */
	public Map<String, Long> assignedPerHub(String batch) {
		Map<String, Long> hubs = new LinkedHashMap<>();
		RowCallbackHandler row = (rs) -> hubs.put(rs.getString(1), rs.getLong(2));
		this.jdbc.query("SELECT assigned_hub, COUNT(*) FROM dpsb_device WHERE batch_name = ? AND status = ? "
				+ "GROUP BY assigned_hub ORDER BY assigned_hub", row, batch, DeviceStatus.ASSIGNED.name());
		return hubs;
	}

	/**
	 * The devices DPS did not assign, grouped by status and error code, the largest group
	 * first.
	 */
	public List<FailureGroup> failuresByCode(String batch) {
		MapSqlParameterSource params = new MapSqlParameterSource().addValue("batch", batch)
			.addValue("failed", DeviceStatus.NOT_ASSIGNED.stream().map(Enum::name).toList());
		return this.named.query(
				"SELECT status, error_code, COUNT(*), MIN(error_message) FROM dpsb_device "
						+ "WHERE batch_name = :batch AND status IN (:failed) GROUP BY status, error_code "
						+ "ORDER BY COUNT(*) DESC, status, error_code",
				params, (rs, n) -> new FailureGroup(DeviceStatus.valueOf(rs.getString(1)), rs.getString(2),
						rs.getLong(3), rs.getString(4)));
	}

	/**
	 * The rows refused at import, grouped by the kind of reason: the reason with its
	 * numbers (lines, sizes) and whatever it quotes after a colon left out, the largest
	 * group first.
	 */
	public List<RejectGroup> rejectsByReason(String batch) {
		Map<String, RejectGroup> groups = new LinkedHashMap<>();
		this.jdbc.query("SELECT reject_reason, COUNT(*) FROM dpsb_device WHERE batch_name = ? AND status = ? "
				+ "GROUP BY reject_reason", (rs) -> {
					String reason = rs.getString(1);
					String kind = reason.split(": ", 2)[0].replaceAll("\\d+", "N");
					groups.merge(kind, new RejectGroup(kind, rs.getLong(2), reason),
							(a, b) -> new RejectGroup(kind, a.rows() + b.rows(), a.example()));
				}, batch, DeviceStatus.REJECTED.name());
		return groups.values().stream().sorted(Comparator.comparingLong(RejectGroup::rows).reversed()).toList();
	}

	/** Rows refused for one kind of reason, and the full reason of one of them. */
	public record RejectGroup(String reason, long rows, String example) {
	}

	/**
	 * Per-device latency in milliseconds, from the claim (just before the first request)
	 * to the final status, of the devices DPS gave a final status, sorted.
	 */
	public long[] latenciesMillis(String batch) {
		LongStream.Builder latencies = LongStream.builder();
		RowCallbackHandler row = (rs) -> latencies
			.add(Duration.between(rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class))
				.toMillis());
		this.jdbc.query("SELECT started_at, finished_at FROM dpsb_device WHERE batch_name = ? "
				+ "AND started_at IS NOT NULL AND finished_at IS NOT NULL", row, batch);
		return latencies.build().sorted().toArray();
	}

	/**
	 * Streams the batch's devices with the given statuses in manifest order, without
	 * loading them all.
	 */
	public void forEachDevice(String batch, Set<DeviceStatus> statuses, Consumer<DeviceResult> action) {
		MapSqlParameterSource params = new MapSqlParameterSource().addValue("batch", batch)
			.addValue("statuses", statuses.stream().map(Enum::name).toList());
		this.named.query("SELECT line_no, registration_id, status, device_id, assigned_hub, substatus, error_code, "
				+ "COALESCE(reject_reason, error_message), register_calls, used_secondary_key, attributes, enrollment "
				+ "FROM dpsb_device WHERE batch_name = :batch AND status IN (:statuses) ORDER BY line_no", params,
				(RowCallbackHandler) (rs) -> action.accept(new DeviceResult(rs.getLong(1), rs.getString(2),
						DeviceStatus.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6),
						rs.getString(7), rs.getString(8), rs.getInt(9), rs.getBoolean(10),
						StoreValues.attributes(rs.getString(11)), rs.getString(12))));
	}

}
