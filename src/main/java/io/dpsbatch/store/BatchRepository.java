package io.dpsbatch.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import static io.dpsbatch.store.StoreValues.instant;
import static io.dpsbatch.store.StoreValues.timestamp;
import static io.dpsbatch.store.StoreValues.truncate;

/**
 * The batches of the results store ({@code dpsb_batch}): what each was started with,
 * where it stands (imported, retried) and what its runs sent to DPS. Writes join the
 * caller's transaction.
 */
@Repository
public class BatchRepository {

	private static final String COLUMNS = "name, source, manifest_sha256, key_fingerprint, id_scope, endpoint, "
			+ "attribute_columns, total_rows, created_at";

	private final JdbcTemplate jdbc;

	BatchRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<BatchRecord> findBatch(String name) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM dpsb_batch WHERE name = ?", (rs, n) -> batch(rs), name)
			.stream()
			.findFirst();
	}

	/**
	 * The batch of this name.
	 * @throws UnknownBatchException when the store holds no such batch
	 */
	public BatchRecord batch(String name) {
		return findBatch(name).orElseThrow(() -> new UnknownBatchException(name));
	}

	public List<BatchRecord> batches() {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM dpsb_batch ORDER BY created_at, name",
				(rs, n) -> batch(rs));
	}

	@Transactional
	public void createBatch(BatchRecord batch) {
		createBatch(batch, AssignedElsewhere.LOOK_UP);
	}

	@Transactional
	public void createBatch(BatchRecord batch, AssignedElsewhere assignedElsewhere) {
		this.jdbc.update(
				"INSERT INTO dpsb_batch (" + COLUMNS + ", assigned_elsewhere) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				batch.name(), truncate(batch.source(), 2000), batch.manifestSha256(), batch.keyFingerprint(),
				batch.idScope(), batch.endpoint(), StoreValues.json(batch.attributeColumns()), batch.totalRows(),
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
	 * Records where a batch that is not imported yet will be imported from, and its
	 * attribute columns.
	 */
	@Transactional
	public void updateSource(String batch, String source, List<String> attributeColumns) {
		this.jdbc.update(
				"UPDATE dpsb_batch SET source = ?, attribute_columns = ? WHERE name = ? AND imported_at IS NULL",
				truncate(source, 2000), StoreValues.json(attributeColumns), batch);
	}

	/** Records that the import step finished, with the number of rows it imported. */
	@Transactional
	public void markImported(String batch, Instant now) {
		this.jdbc.update(
				"UPDATE dpsb_batch SET imported_at = ?, "
						+ "total_rows = (SELECT COUNT(*) FROM dpsb_device WHERE batch_name = ?) WHERE name = ?",
				timestamp(now), batch, batch);
	}

	/** Counts a new retry-failed run of the batch. @return its number, from 1 */
	@Transactional
	public int startRetry(String batch) {
		this.jdbc.update("UPDATE dpsb_batch SET retries = retries + 1 WHERE name = ?", batch);
		return state(batch).retries();
	}

	/** A batch none of whose devices was assigned goes on with another group key. */
	@Transactional
	public void changeKeyFingerprint(String batch, String keyFingerprint) {
		this.jdbc.update("UPDATE dpsb_batch SET key_fingerprint = ? WHERE name = ?", keyFingerprint, batch);
	}

	/** Adds what a run sent to DPS to the batch's totals. */
	@Transactional
	public void addDpsTraffic(String batch, long registerCalls, long lookupCalls, long throttled, int pacePerMinute) {
		this.jdbc.update(
				"UPDATE dpsb_batch SET register_calls = register_calls + ?, lookup_calls = lookup_calls + ?, "
						+ "throttled_responses = throttled_responses + ?, last_pace_per_minute = ? WHERE name = ?",
				registerCalls, lookupCalls, throttled, pacePerMinute, batch);
	}

	private static BatchRecord batch(ResultSet rs) throws SQLException {
		return new BatchRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getString(6), StoreValues.columns(rs.getString(7)), rs.getLong(8),
				instant(rs.getObject(9, OffsetDateTime.class)));
	}

}
