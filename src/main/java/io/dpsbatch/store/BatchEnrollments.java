package io.dpsbatch.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a batch was started with per enrollment ({@code dpsb_batch_enrollment}): ID scope,
 * endpoint, kind and key fingerprints, so that a later run with other ones for an
 * enrollment its devices use is refused. Fingerprints only, never a key.
 */
@Repository
public class BatchEnrollments {

	private final JdbcTemplate jdbc;

	BatchEnrollments(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One enrollment as the batch remembers it.
	 *
	 * @param name its name in lower case
	 * @param idScope the ID scope of its instance
	 * @param endpoint its DPS base URL
	 * @param kind {@code GROUP} or {@code INDIVIDUAL}
	 * @param keyFingerprints a group's key fingerprints (primary first), or the keys
	 * file's
	 */
	public record Recorded(String name, String idScope, String endpoint, String kind, List<String> keyFingerprints) {
	}

	/** The enrollments the batch recorded, by name. */
	public Map<String, Recorded> recorded(String batch) {
		Map<String, Recorded> recorded = new LinkedHashMap<>();
		RowCallbackHandler row = (rs) -> recorded.put(rs.getString(1), new Recorded(rs.getString(1), rs.getString(2),
				rs.getString(3), rs.getString(4), List.of(rs.getString(5).split(","))));
		this.jdbc.query("SELECT enrollment, id_scope, endpoint, kind, key_fingerprints FROM dpsb_batch_enrollment "
				+ "WHERE batch_name = ? ORDER BY enrollment", row, batch);
		return recorded;
	}

	/**
	 * Records enrollments the batch has not recorded yet (a new batch's, or ones
	 * configured since).
	 */
	@Transactional
	public void record(String batch, List<Recorded> enrollments) {
		Map<String, Recorded> known = recorded(batch);
		List<Object[]> inserts = enrollments.stream()
			.filter((enrollment) -> !known.containsKey(enrollment.name()))
			.map((enrollment) -> new Object[] { batch, enrollment.name(), enrollment.idScope(), enrollment.endpoint(),
					enrollment.kind(), String.join(",", enrollment.keyFingerprints()) })
			.toList();
		this.jdbc.batchUpdate("INSERT INTO dpsb_batch_enrollment (batch_name, enrollment, id_scope, endpoint, kind, "
				+ "key_fingerprints) VALUES (?, ?, ?, ?, ?, ?)", inserts);
	}

	/**
	 * Replaces what the batch recorded of one enrollment (a group whose key changed
	 * before any assignment).
	 */
	@Transactional
	public void replace(String batch, Recorded enrollment) {
		this.jdbc.update("DELETE FROM dpsb_batch_enrollment WHERE batch_name = ? AND enrollment = ?", batch,
				enrollment.name());
		record(batch, List.of(enrollment));
	}

	/** How many devices of that enrollment DPS assigned in the batch. */
	public long assigned(String batch, String enrollment) {
		Long assigned = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM dpsb_device WHERE batch_name = ? AND enrollment = ? " + "AND status IN (?, ?)",
				Long.class, batch, enrollment, DeviceStatus.ASSIGNED.name(), DeviceStatus.ALREADY_ASSIGNED.name());
		return (assigned != null) ? assigned : 0;
	}

	/**
	 * The named enrollments of the batch's devices that were not rejected, with how many
	 * devices each has.
	 */
	public Map<String, Long> inUse(String batch) {
		Map<String, Long> inUse = new LinkedHashMap<>();
		RowCallbackHandler row = (rs) -> inUse.put(rs.getString(1), rs.getLong(2));
		this.jdbc.query(
				"SELECT enrollment, COUNT(*) FROM dpsb_device WHERE batch_name = ? AND status <> ? "
						+ "AND enrollment <> '' GROUP BY enrollment ORDER BY enrollment",
				row, batch, DeviceStatus.REJECTED.name());
		return inUse;
	}

}
