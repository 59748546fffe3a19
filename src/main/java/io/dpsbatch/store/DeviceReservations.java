package io.dpsbatch.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps two batches that run at once from registering the same device. Before its devices
 * are registered, a batch claims all of them ({@code dpsb_claim}, one row per device
 * identity, so at most one batch holds a device); a reservation counts only while its
 * batch's run is live ({@link RunLocks}). Reserving is all or nothing: a batch that finds
 * some of its devices held by another live run reserves none and waits, so two runs never
 * wait for each other.
 */
@Repository
public class DeviceReservations {

	/** The row of dpsb_lock that serialises reserving (no batch name contains '*'). */
	static final String MUTEX = "*claims*";

	private static final String UNFINISHED = "('" + DeviceStatus.PENDING.name() + "', '"
			+ DeviceStatus.REGISTERING.name() + "')";

	private final JdbcTemplate jdbc;

	private final BatchRepository batches;

	private final RunLocks locks;

	DeviceReservations(JdbcTemplate jdbc, BatchRepository batches, RunLocks locks) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.locks = locks;
	}

	/**
	 * Claims every device of the batch that is still to be registered, in a transaction
	 * of its own, unless another live run holds some of them. The reservations of runs
	 * that died are taken over. With the reservations come two updates that only now are
	 * certain: a device another batch holds is looked up before it is registered, and
	 * (for {@link AssignedElsewhere#SKIP}) a device another batch assigned is recorded
	 * {@link DeviceStatus#ALREADY_ASSIGNED} and not sent.
	 * @return what was reserved, or which live batches hold devices of this one
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Reservation reserve(String batch, Instant now) {
		// one batch reserving at a time: a run that died is not taken over while it is
		// coming back to life
		this.jdbc.query("SELECT name FROM dpsb_lock WHERE name = ? FOR UPDATE", (rs) -> {
		}, MUTEX);
		Map<String, Long> heldBy = new LinkedHashMap<>();
		RowCallbackHandler row = (rs) -> heldBy.put(rs.getString(1), rs.getLong(2));
		this.jdbc.query("SELECT c.batch_name, COUNT(*) FROM dpsb_claim c JOIN dpsb_device d "
				+ "ON d.identity_key = c.identity_key WHERE d.batch_name = ? AND d.status IN " + UNFINISHED
				+ " AND c.batch_name <> ? GROUP BY c.batch_name ORDER BY c.batch_name", row, batch, batch);
		for (String other : heldBy.keySet().toArray(String[]::new)) {
			if (!this.locks.isRunning(other)) {
				this.jdbc.update("DELETE FROM dpsb_claim WHERE batch_name = ?", other);
				heldBy.remove(other);
			}
		}
		if (!heldBy.isEmpty()) {
			return new Reservation(0, 0, heldBy);
		}
		AssignedElsewhere policy = this.batches.state(batch).assignedElsewhere();
		int alreadyAssigned = (policy == AssignedElsewhere.SKIP) ? skipAssignedElsewhere(batch) : 0;
		if (policy != AssignedElsewhere.REGISTER) {
			this.jdbc.update("UPDATE dpsb_device SET lookup_first = TRUE WHERE batch_name = ? AND status IN "
					+ UNFINISHED + " AND lookup_first = FALSE AND identity_key IN (SELECT o.identity_key FROM "
					+ "dpsb_device o WHERE o.batch_name <> ? AND o.identity_key IS NOT NULL)", batch, batch);
		}
		release(batch);
		int reserved = this.jdbc.update("INSERT INTO dpsb_claim (identity_key, batch_name, claimed_at) "
				+ "SELECT identity_key, ?, ? FROM dpsb_device WHERE batch_name = ? AND status IN " + UNFINISHED
				+ " AND identity_key IS NOT NULL", batch, now.atOffset(ZoneOffset.UTC), batch);
		return new Reservation(reserved, alreadyAssigned, Map.of());
	}

	/** Gives up the batch's reservations (its run ends). */
	@Transactional
	public void release(String batch) {
		this.jdbc.update("DELETE FROM dpsb_claim WHERE batch_name = ?", batch);
	}

	private int skipAssignedElsewhere(String batch) {
		String assignedElsewhere = "FROM dpsb_device o WHERE o.identity_key = d.identity_key AND o.status = '"
				+ DeviceStatus.ASSIGNED.name() + "' AND o.batch_name <> ?";
		return this.jdbc.update(
				"UPDATE dpsb_device d SET status = ?, error_message = 'already assigned in batch ' || "
						+ "(SELECT MIN(o.batch_name) " + assignedElsewhere + ") WHERE d.batch_name = ? AND d.status IN "
						+ UNFINISHED + " AND EXISTS (SELECT 1 " + assignedElsewhere + ")",
				DeviceStatus.ALREADY_ASSIGNED.name(), batch, batch, batch);
	}

	/**
	 * What a reservation came to.
	 *
	 * @param reserved devices reserved for registration
	 * @param alreadyAssigned devices recorded as already assigned in another batch
	 * @param heldBy when nothing could be reserved: the live batches holding devices of
	 * this one, with how many
	 */
	public record Reservation(int reserved, int alreadyAssigned, Map<String, Long> heldBy) {

		public Reservation {
			heldBy = Collections.unmodifiableMap(new LinkedHashMap<>(heldBy));
		}

		public boolean isHeld() {
			return !this.heldBy.isEmpty();
		}

	}

}
