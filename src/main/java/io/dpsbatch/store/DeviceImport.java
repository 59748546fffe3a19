package io.dpsbatch.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.dpsbatch.manifest.DuplicateIds;
import io.dpsbatch.manifest.RegistrationIdRules;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import static io.dpsbatch.store.StoreValues.truncate;

/**
 * Manifest rows into the results store: each a PENDING device, or a REJECTED row with its
 * reason. Duplicates are recognised against every row imported before
 * ({@link DuplicateIds}), so memory does not grow with the manifest. Writes join the
 * caller's transaction (the import step's chunk).
 */
@Repository
public class DeviceImport {

	/**
	 * Longest registration ID kept for a rejected row (a hostile manifest may hold
	 * megabytes there).
	 */
	static final int MAX_STORED_ID = 300;

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final BatchRepository batches;

	DeviceImport(JdbcTemplate jdbc, BatchRepository batches) {
		this.jdbc = jdbc;
		this.named = new NamedParameterJdbcTemplate(jdbc);
		this.batches = batches;
	}

	/**
	 * Adds manifest rows to a batch. Valid rows become PENDING unless their ID is already
	 * in the batch, which makes them REJECTED duplicates naming the first line. A device
	 * that another batch already holds is marked to be looked up before it is registered
	 * (unless the batch registers such devices again,
	 * {@link AssignedElsewhere#REGISTER}).
	 * @return how many rows were accepted as PENDING
	 */
	@Transactional
	public int importRows(String batch, List<ImportedRow> rows) {
		DuplicateIds duplicates = new DuplicateIds();
		Set<String> inOtherBatches = new HashSet<>();
		alreadyKnown(batch, identityKeys(rows), duplicates, inOtherBatches);
		// a device another batch holds may be known to DPS: looked up first, unless the
		// batch was forced
		if (this.batches.state(batch).assignedElsewhere() == AssignedElsewhere.REGISTER) {
			inOtherBatches.clear();
		}
		List<Object[]> inserts = new ArrayList<>(rows.size());
		int accepted = 0;
		for (ImportedRow row : rows) {
			String reason = row.rejectReason();
			if (reason == null) {
				reason = duplicates.rejectIfRepeated(row.registrationId(), row.line()).orElse(null);
			}
			if (reason != null) {
				inserts.add(new Object[] { batch, row.line(), truncate(row.registrationId(), MAX_STORED_ID), null,
						DeviceStatus.REJECTED.name(), null, null, truncate(reason, 1000), false,
						(row.rejectReason() != null) ? row.enrollment() : "" });
			}
			else {
				accepted++;
				String key = RegistrationIdRules.identityKey(row.registrationId());
				inserts.add(new Object[] { batch, row.line(), row.registrationId(), key, DeviceStatus.PENDING.name(),
						row.payload(), StoreValues.json(row.attributes()), null, inOtherBatches.contains(key),
						row.enrollment() });
			}
		}
		this.jdbc.batchUpdate("INSERT INTO dpsb_device (batch_name, line_no, registration_id, identity_key, status, "
				+ "payload, attributes, reject_reason, lookup_first, enrollment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				inserts);
		return accepted;
	}

	/**
	 * Empties a batch whose import did not finish, so that the import starts again from
	 * the first row (a database source cannot be resumed in the middle). Nothing of it
	 * was sent yet, since registration starts after the import; that is checked.
	 * @return how many rows were discarded
	 */
	@Transactional
	public int discardImport(String batch) {
		Integer sent = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM dpsb_device WHERE batch_name = ? " + "AND status NOT IN (?, ?)", Integer.class,
				batch, DeviceStatus.PENDING.name(), DeviceStatus.REJECTED.name());
		if (sent != null && sent > 0) {
			throw new IllegalStateException(
					"batch '" + batch + "' has devices past the import; it cannot be " + "imported again");
		}
		this.jdbc.update("UPDATE dpsb_batch SET imported_at = NULL WHERE name = ?", batch);
		return this.jdbc.update("DELETE FROM dpsb_device WHERE batch_name = ?", batch);
	}

	/**
	 * Where the given devices are already: their line in this batch, or the fact that
	 * another batch holds them. One query on the identity key alone, whose index serves
	 * the IN list on H2 and PostgreSQL alike (H2 would serve "batch_name = ? AND
	 * identity_key IN (...)" from the batch's prefix of the unique index, reading every
	 * row imported so far for every chunk: an import that slows down as it goes).
	 */
	private void alreadyKnown(String batch, List<String> keys, DuplicateIds linesInBatch, Set<String> inOtherBatches) {
		if (keys.isEmpty()) {
			return;
		}
		this.named.query("SELECT identity_key, batch_name, line_no FROM dpsb_device WHERE identity_key IN (:keys)",
				new MapSqlParameterSource("keys", keys), (rs) -> {
					if (batch.equals(rs.getString(2))) {
						linesInBatch.known(rs.getString(1), rs.getLong(3));
					}
					else {
						inOtherBatches.add(rs.getString(1));
					}
				});
	}

	private static List<String> identityKeys(List<ImportedRow> rows) {
		return rows.stream()
			.filter((r) -> r.rejectReason() == null)
			.map((r) -> RegistrationIdRules.identityKey(r.registrationId()))
			.distinct()
			.toList();
	}

}
