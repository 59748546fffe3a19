package io.dpsbatch.results;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import io.dpsbatch.dps.RegistrationOutcome;
import io.dpsbatch.manifest.RegistrationIdRules;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The results store: every device of every batch and where it stands. It is the single source of
 * truth of a batch; the output files are views of it. Writes join the caller's transaction, so the job
 * records outcomes in the same transaction as its own step metadata.
 */
@Repository
public class ResultsStore {

	private static final TypeReference<LinkedHashMap<String, String>> ATTRIBUTES = new TypeReference<>() {
	};

	private static final TypeReference<List<String>> COLUMNS = new TypeReference<>() {
	};

	/** Longest registration ID kept for a rejected row (a hostile manifest may hold megabytes there). */
	static final int MAX_STORED_ID = 300;

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final JsonMapper json = JsonMapper.builder().build();

	ResultsStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.named = new NamedParameterJdbcTemplate(jdbc);
	}

	public Optional<BatchRecord> findBatch(String name) {
		return this.jdbc
			.query("SELECT name, source, manifest_sha256, key_fingerprint, id_scope, endpoint, attribute_columns, "
					+ "total_rows, created_at FROM dpsb_batch WHERE name = ?", (rs, n) -> batch(rs), name)
			.stream()
			.findFirst();
	}

	public List<BatchRecord> batches() {
		return this.jdbc.query("SELECT name, source, manifest_sha256, key_fingerprint, id_scope, endpoint, "
				+ "attribute_columns, total_rows, created_at FROM dpsb_batch ORDER BY created_at, name",
				(rs, n) -> batch(rs));
	}

	@Transactional
	public void createBatch(BatchRecord batch) {
		createBatch(batch, AssignedElsewhere.LOOK_UP);
	}

	@Transactional
	public void createBatch(BatchRecord batch, AssignedElsewhere assignedElsewhere) {
		this.jdbc.update(
				"INSERT INTO dpsb_batch (name, source, manifest_sha256, key_fingerprint, id_scope, endpoint, "
						+ "attribute_columns, total_rows, created_at, assigned_elsewhere) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				batch.name(), truncate(batch.source(), 2000), batch.manifestSha256(), batch.keyFingerprint(), batch.idScope(),
				batch.endpoint(), this.json.writeValueAsString(batch.attributeColumns()), batch.totalRows(),
				timestamp(batch.createdAt()), assignedElsewhere.name());
	}

	public BatchState state(String batch) {
		return this.jdbc.queryForObject(
				"SELECT assigned_elsewhere, imported_at, retries FROM dpsb_batch WHERE name = ?",
				(rs, n) -> new BatchState(AssignedElsewhere.valueOf(rs.getString(1)),
						instant(rs.getObject(2, OffsetDateTime.class)), rs.getInt(3)),
				batch);
	}

	/**
	 * Empties a batch whose import did not finish, so that the import starts again from the first row
	 * (a database source cannot be resumed in the middle). Nothing of it was sent yet, since registration
	 * starts after the import; that is checked.
	 * @return how many rows were discarded
	 */
	@Transactional
	public int discardImport(String batch) {
		Integer sent = this.jdbc.queryForObject("SELECT COUNT(*) FROM dpsb_device WHERE batch_name = ? "
				+ "AND status NOT IN (?, ?)", Integer.class, batch, DeviceStatus.PENDING.name(),
				DeviceStatus.REJECTED.name());
		if (sent != null && sent > 0) {
			throw new IllegalStateException("batch '" + batch + "' has devices past the import; it cannot be "
					+ "imported again");
		}
		this.jdbc.update("UPDATE dpsb_batch SET imported_at = NULL WHERE name = ?", batch);
		return this.jdbc.update("DELETE FROM dpsb_device WHERE batch_name = ?", batch);
	}

	/** Records where a batch that is not imported yet will be imported from, and its attribute columns. */
	@Transactional
	public void updateSource(String batch, String source, List<String> attributeColumns) {
		this.jdbc.update("UPDATE dpsb_batch SET source = ?, attribute_columns = ? WHERE name = ? AND imported_at IS NULL",
				truncate(source, 2000), this.json.writeValueAsString(attributeColumns), batch);
	}

	/** Records that the import step finished, with the number of rows it imported. */
	@Transactional
	public void markImported(String batch, Instant now) {
		this.jdbc.update("UPDATE dpsb_batch SET imported_at = ?, "
				+ "total_rows = (SELECT COUNT(*) FROM dpsb_device WHERE batch_name = ?) WHERE name = ?",
				timestamp(now), batch, batch);
	}

	/** Counts a new retry-failed run of the batch. @return its number, from 1 */
	@Transactional
	public int startRetry(String batch) {
		this.jdbc.update("UPDATE dpsb_batch SET retries = retries + 1 WHERE name = ?", batch);
		return state(batch).retries();
	}

	/**
	 * Puts the devices DPS did not assign back to PENDING, each to be looked up before it is registered
	 * again (a failed registration may still have reached DPS). Register calls keep adding up.
	 * @return how many devices will be tried again
	 */
	@Transactional
	public int resetNotAssigned(String batch) {
		MapSqlParameterSource params = new MapSqlParameterSource().addValue("batch", batch)
			.addValue("pending", DeviceStatus.PENDING.name())
			.addValue("failed", DeviceStatus.NOT_ASSIGNED.stream().map(Enum::name).toList());
		return this.named.update("UPDATE dpsb_device SET status = :pending, lookup_first = TRUE, error_code = NULL, "
				+ "error_message = NULL, started_at = NULL, finished_at = NULL "
				+ "WHERE batch_name = :batch AND status IN (:failed)", params);
	}

	/** Assigned devices per IoT hub, by hub name. */
	public Map<String, Long> assignedPerHub(String batch) {
		Map<String, Long> hubs = new LinkedHashMap<>();
		this.jdbc.query("SELECT assigned_hub, COUNT(*) FROM dpsb_device WHERE batch_name = ? AND status = ? "
				+ "GROUP BY assigned_hub ORDER BY assigned_hub", rs -> {
					hubs.put(rs.getString(1), rs.getLong(2));
				}, batch, DeviceStatus.ASSIGNED.name());
		return hubs;
	}

	/** The devices DPS did not assign, grouped by status and error code, the largest group first. */
	public List<FailureGroup> failuresByCode(String batch) {
		MapSqlParameterSource params = new MapSqlParameterSource().addValue("batch", batch)
			.addValue("failed", DeviceStatus.NOT_ASSIGNED.stream().map(Enum::name).toList());
		return this.named.query("SELECT status, error_code, COUNT(*), MIN(error_message) FROM dpsb_device "
				+ "WHERE batch_name = :batch AND status IN (:failed) GROUP BY status, error_code "
				+ "ORDER BY COUNT(*) DESC, status, error_code", params,
				(rs, n) -> new FailureGroup(DeviceStatus.valueOf(rs.getString(1)), rs.getString(2), rs.getLong(3),
						rs.getString(4)));
	}

	/**
	 * The rows refused at import, grouped by the kind of reason: the reason with its numbers (lines, sizes)
	 * and whatever it quotes after a colon left out, the largest group first.
	 */
	List<RejectGroup> rejectsByReason(String batch) {
		Map<String, RejectGroup> groups = new LinkedHashMap<>();
		this.jdbc.query("SELECT reject_reason, COUNT(*) FROM dpsb_device WHERE batch_name = ? AND status = ? "
				+ "GROUP BY reject_reason", rs -> {
					String reason = rs.getString(1);
					String kind = reason.split(": ", 2)[0].replaceAll("\\d+", "N");
					groups.merge(kind, new RejectGroup(kind, rs.getLong(2), reason),
							(a, b) -> new RejectGroup(kind, a.rows() + b.rows(), a.example()));
				}, batch, DeviceStatus.REJECTED.name());
		return groups.values().stream().sorted(java.util.Comparator.comparingLong(RejectGroup::rows).reversed()).toList();
	}

	/** Rows refused for one kind of reason, and the full reason of one of them. */
	record RejectGroup(String reason, long rows, String example) {
	}

	/**
	 * Adds manifest rows to a batch. Valid rows become PENDING unless their ID (case-insensitively)
	 * is already in the batch, which makes them REJECTED duplicates naming the first line. A device
	 * that another batch already holds is marked to be looked up before it is registered (unless the
	 * batch registers such devices again, {@link AssignedElsewhere#REGISTER}).
	 * @return how many rows were accepted as PENDING
	 */
	@Transactional
	public int importRows(String batch, List<ImportedRow> rows) {
		Map<String, Long> firstLines = new HashMap<>();
		Set<String> inOtherBatches = new HashSet<>();
		alreadyKnown(batch, identityKeys(rows), firstLines, inOtherBatches);
		// a device another batch holds may be known to DPS: looked up first, unless the batch was forced
		if (state(batch).assignedElsewhere() == AssignedElsewhere.REGISTER) {
			inOtherBatches.clear();
		}
		List<Object[]> inserts = new ArrayList<>(rows.size());
		int accepted = 0;
		for (ImportedRow row : rows) {
			String reason = row.rejectReason();
			String key = null;
			if (reason == null) {
				key = RegistrationIdRules.identityKey(row.registrationId());
				Long first = firstLines.putIfAbsent(key, row.line());
				if (first != null) {
					reason = "duplicate of the device on line " + first
							+ " (registration IDs are case-insensitive in DPS)";
					key = null;
				}
			}
			if (reason != null) {
				inserts.add(new Object[] { batch, row.line(), truncate(row.registrationId(), MAX_STORED_ID), null,
						DeviceStatus.REJECTED.name(), null, null, truncate(reason, 1000), false });
			}
			else {
				accepted++;
				inserts.add(new Object[] { batch, row.line(), row.registrationId(), key, DeviceStatus.PENDING.name(),
						row.payload(), this.json.writeValueAsString(row.attributes()), null,
						inOtherBatches.contains(key) });
			}
		}
		this.jdbc.batchUpdate("INSERT INTO dpsb_device (batch_name, line_no, registration_id, identity_key, status, "
				+ "payload, attributes, reject_reason, lookup_first) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts);
		return accepted;
	}

	/**
	 * Devices claimed by a run that did not finish may have reached DPS: they go back to PENDING,
	 * marked to be looked up before any register call.
	 */
	@Transactional
	public int reclaimUnfinished(String batch) {
		return this.jdbc.update("UPDATE dpsb_device SET status = ?, lookup_first = TRUE WHERE batch_name = ? AND status = ?",
				DeviceStatus.PENDING.name(), batch, DeviceStatus.REGISTERING.name());
	}

	/**
	 * PENDING devices after the given line, in line order. The ORDER BY names every column of the status
	 * index, equal or not: H2 then reads the index in order and stops at the limit, where "ORDER BY
	 * line_no" alone makes it read and sort every PENDING device for every page (a million-device batch
	 * crawled at 200 devices/s).
	 */
	public List<PendingDevice> pending(String batch, long afterLine, int limit) {
		return this.jdbc.query(
				"SELECT line_no, registration_id, payload, lookup_first FROM dpsb_device "
						+ "WHERE batch_name = ? AND status = ? AND line_no > ? ORDER BY batch_name, status, line_no "
						+ "FETCH FIRST " + limit + " ROWS ONLY",
				(rs, n) -> new PendingDevice(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)),
				batch, DeviceStatus.PENDING.name(), afterLine);
	}

	/** Claims devices for registration; must be committed before their first request is sent. */
	@Transactional
	public void markRegistering(String batch, Collection<PendingDevice> devices, Instant now) {
		List<Object[]> args = devices.stream()
			.map(d -> new Object[] { DeviceStatus.REGISTERING.name(), timestamp(now), batch, d.line() })
			.toList();
		this.jdbc.batchUpdate("UPDATE dpsb_device SET status = ?, started_at = COALESCE(started_at, ?) "
				+ "WHERE batch_name = ? AND line_no = ?", args);
	}

	/** Records final outcomes; register calls add up over runs. */
	@Transactional
	public void recordOutcomes(String batch, Collection<LineOutcome> outcomes) {
		List<Object[]> args = outcomes.stream().map(o -> {
			RegistrationOutcome r = o.outcome();
			return new Object[] { DeviceStatus.of(r.status()).name(), r.deviceId(), r.assignedHub(), r.substatus(),
					truncate(r.errorCode(), 64), truncate(r.errorMessage(), 1000), r.registerCalls(),
					r.foundByLookup(), r.usedSecondaryKey(), timestamp(r.finishedAt()), batch, o.line() };
		}).toList();
		this.jdbc.batchUpdate("UPDATE dpsb_device SET status = ?, device_id = ?, assigned_hub = ?, substatus = ?, "
				+ "error_code = ?, error_message = ?, register_calls = register_calls + ?, found_by_lookup = ?, "
				+ "used_secondary_key = ?, finished_at = ?, lookup_first = TRUE WHERE batch_name = ? AND line_no = ?",
				args);
	}

	/** Adds what a run sent to DPS to the batch's totals. */
	@Transactional
	/** A batch none of whose devices was assigned goes on with another group key. */
	public void changeKeyFingerprint(String batch, String keyFingerprint) {
		this.jdbc.update("UPDATE dpsb_batch SET key_fingerprint = ? WHERE name = ?", keyFingerprint, batch);
	}

	public void addDpsTraffic(String batch, long registerCalls, long lookupCalls, long throttled, int pacePerMinute) {
		this.jdbc.update("UPDATE dpsb_batch SET register_calls = register_calls + ?, lookup_calls = lookup_calls + ?, "
				+ "throttled_responses = throttled_responses + ?, last_pace_per_minute = ? WHERE name = ?",
				registerCalls, lookupCalls, throttled, pacePerMinute, batch);
	}

	public BatchTotals totals(String batch) {
		Map<DeviceStatus, Long> counts = new EnumMap<>(DeviceStatus.class);
		long[] secondary = { 0 };
		this.jdbc.query("SELECT status, COUNT(*), SUM(CASE WHEN used_secondary_key THEN 1 ELSE 0 END) "
				+ "FROM dpsb_device WHERE batch_name = ? GROUP BY status", rs -> {
					counts.put(DeviceStatus.valueOf(rs.getString(1)), rs.getLong(2));
					secondary[0] += rs.getLong(3);
				}, batch);
		return this.jdbc.queryForObject("SELECT register_calls, lookup_calls, throttled_responses, last_pace_per_minute "
				+ "FROM dpsb_batch WHERE name = ?", (rs, n) -> new BatchTotals(counts, rs.getLong(1), rs.getLong(2),
						rs.getLong(3), secondary[0], (Integer) rs.getObject(4)), batch);
	}

	/**
	 * Per-device latency in milliseconds, from the claim (just before the first request) to the final
	 * status, of the devices DPS gave a final status, sorted.
	 */
	public long[] latenciesMillis(String batch) {
		LongStream.Builder latencies = LongStream.builder();
		this.jdbc.query("SELECT started_at, finished_at FROM dpsb_device WHERE batch_name = ? "
				+ "AND started_at IS NOT NULL AND finished_at IS NOT NULL", rs -> {
					latencies.add(Duration.between(rs.getObject(1, OffsetDateTime.class),
							rs.getObject(2, OffsetDateTime.class)).toMillis());
				}, batch);
		return latencies.build().sorted().toArray();
	}

	/** Streams the batch's devices with the given statuses in manifest order, without loading them all. */
	public void forEachDevice(String batch, Set<DeviceStatus> statuses, Consumer<DeviceResult> action) {
		MapSqlParameterSource params = new MapSqlParameterSource().addValue("batch", batch)
			.addValue("statuses", statuses.stream().map(Enum::name).toList());
		this.named.query("SELECT line_no, registration_id, status, device_id, assigned_hub, substatus, error_code, "
				+ "COALESCE(reject_reason, error_message), register_calls, used_secondary_key, attributes "
				+ "FROM dpsb_device WHERE batch_name = :batch AND status IN (:statuses) ORDER BY line_no", params,
				rs -> {
					action.accept(new DeviceResult(rs.getLong(1), rs.getString(2), DeviceStatus.valueOf(rs.getString(3)),
							rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
							rs.getInt(9), rs.getBoolean(10), attributes(rs.getString(11))));
				});
	}

	/**
	 * Where the given devices are already: their line in this batch, or the fact that another batch holds
	 * them. One query on the identity key alone, whose index serves the IN list on H2 and PostgreSQL alike
	 * (H2 would serve "batch_name = ? AND identity_key IN (...)" from the batch's prefix of the unique index,
	 * reading every row imported so far for every chunk: an import that slows down as it goes).
	 */
	private void alreadyKnown(String batch, List<String> keys, Map<String, Long> linesInBatch,
			Set<String> inOtherBatches) {
		if (keys.isEmpty()) {
			return;
		}
		this.named.query("SELECT identity_key, batch_name, line_no FROM dpsb_device WHERE identity_key IN (:keys)",
				new MapSqlParameterSource("keys", keys), (rs) -> {
					if (batch.equals(rs.getString(2))) {
						linesInBatch.put(rs.getString(1), rs.getLong(3));
					}
					else {
						inOtherBatches.add(rs.getString(1));
					}
				});
	}

	private static List<String> identityKeys(List<ImportedRow> rows) {
		return rows.stream()
			.filter(r -> r.rejectReason() == null)
			.map(r -> RegistrationIdRules.identityKey(r.registrationId()))
			.distinct()
			.toList();
	}

	private BatchRecord batch(ResultSet rs) throws SQLException {
		return new BatchRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getString(6), this.json.readValue(rs.getString(7), COLUMNS), rs.getLong(8),
				instant(rs.getObject(9, OffsetDateTime.class)));
	}

	private Map<String, String> attributes(String text) {
		return (text != null) ? this.json.readValue(text, ATTRIBUTES) : Map.of();
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max - 1) + "…";
	}


}
