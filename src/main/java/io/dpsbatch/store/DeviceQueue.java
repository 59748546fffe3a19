package io.dpsbatch.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import io.dpsbatch.dps.RegistrationOutcome;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import static io.dpsbatch.store.StoreValues.timestamp;
import static io.dpsbatch.store.StoreValues.truncate;

/**
 * The results store as the register step's work queue: PENDING devices are read in line
 * order, marked sent (REGISTERING) before their first request, and given their final
 * outcome. The statuses are the process indicator: a device left REGISTERING by a run
 * that stopped may have reached DPS, so it is returned to the queue marked to be looked
 * up first. Writes join the caller's transaction.
 */
@Repository
public class DeviceQueue {

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	DeviceQueue(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.named = new NamedParameterJdbcTemplate(jdbc);
	}

	/**
	 * Returns to the queue the devices a run that did not finish had sent: they may have
	 * reached DPS, so they go back to PENDING marked to be looked up before any register
	 * call.
	 * @return how many devices were returned
	 */
	@Transactional
	public int requeueUnfinished(String batch) {
		return this.jdbc.update(
				"UPDATE dpsb_device SET status = ?, lookup_first = TRUE WHERE batch_name = ? AND status = ?",
				DeviceStatus.PENDING.name(), batch, DeviceStatus.REGISTERING.name());
	}

	/**
	 * PENDING devices after the given line, in line order. The ORDER BY names every
	 * column of the status index, equal or not: H2 then reads the index in order and
	 * stops at the limit, where "ORDER BY line_no" alone makes it read and sort every
	 * PENDING device for every page (a million-device batch crawled at 200 devices/s).
	 */
	public List<PendingDevice> pending(String batch, long afterLine, int limit) {
		return this.jdbc.query(
				"SELECT line_no, registration_id, payload, lookup_first, enrollment FROM dpsb_device "
						+ "WHERE batch_name = ? AND status = ? AND line_no > ? ORDER BY batch_name, status, line_no "
						+ "FETCH FIRST " + limit + " ROWS ONLY",
				(rs, n) -> new PendingDevice(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
						rs.getString(5)),
				batch, DeviceStatus.PENDING.name(), afterLine);
	}

	/**
	 * Marks devices sent (REGISTERING); must be committed before their first request is
	 * sent.
	 */
	@Transactional
	public void markRegistering(String batch, Collection<PendingDevice> devices, Instant now) {
		List<Object[]> args = devices.stream()
			.map((d) -> new Object[] { DeviceStatus.REGISTERING.name(), timestamp(now), batch, d.line() })
			.toList();
		this.jdbc.batchUpdate("UPDATE dpsb_device SET status = ?, started_at = COALESCE(started_at, ?) "
				+ "WHERE batch_name = ? AND line_no = ?", args);
	}

	/** Records final outcomes; register calls add up over runs. */
	@Transactional
	public void recordOutcomes(String batch, Collection<? extends LineOutcome> outcomes) {
		List<Object[]> args = outcomes.stream().map((o) -> {
			RegistrationOutcome r = o.outcome();
			return new Object[] { DeviceStatus.of(r.status()).name(), r.deviceId(), r.assignedHub(), r.substatus(),
					truncate(r.errorCode(), 64), truncate(r.errorMessage(), 1000), r.registerCalls(), r.foundByLookup(),
					r.usedSecondaryKey(), timestamp(r.finishedAt()), batch, o.line() };
		}).toList();
		this.jdbc.batchUpdate("UPDATE dpsb_device SET status = ?, device_id = ?, assigned_hub = ?, substatus = ?, "
				+ "error_code = ?, error_message = ?, register_calls = register_calls + ?, found_by_lookup = ?, "
				+ "used_secondary_key = ?, finished_at = ?, lookup_first = TRUE WHERE batch_name = ? AND line_no = ?",
				args);
	}

	/**
	 * Puts the devices DPS did not assign back to PENDING, each to be looked up before it
	 * is registered again (a failed registration may still have reached DPS). Register
	 * calls keep adding up.
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

}
