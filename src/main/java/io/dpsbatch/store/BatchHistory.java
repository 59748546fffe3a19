package io.dpsbatch.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * What happened to a batch over time, for report.html: each run (start, end, exit code)
 * and the register step's traffic in buckets of {@link #BUCKET}. Kept in the results
 * store as the run goes, so a resumed batch's report covers every run. Counts and times
 * only: nothing here is secret.
 */
@Repository
public class BatchHistory {

	/**
	 * The width of a traffic bucket: coarse enough to cost nothing, fine enough to see
	 * 429s move the pace.
	 */
	public static final Duration BUCKET = Duration.ofSeconds(10);

	private final JdbcTemplate jdbc;

	public BatchHistory(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Records that a run of the batch starts. @return its number, from 1 */
	@Transactional
	public int runStarted(String batch, String kind, Instant at) {
		Integer last = this.jdbc.queryForObject("SELECT MAX(run_no) FROM dpsb_batch_run WHERE batch_name = ?",
				Integer.class, batch);
		int run = (last != null) ? last + 1 : 1;
		this.jdbc.update("INSERT INTO dpsb_batch_run (batch_name, run_no, kind, started_at) VALUES (?, ?, ?, ?)", batch,
				run, kind, timestamp(at));
		return run;
	}

	@Transactional
	public void runEnded(String batch, int run, Instant at, int exitCode) {
		this.jdbc.update("UPDATE dpsb_batch_run SET ended_at = ?, exit_code = ? WHERE batch_name = ? AND run_no = ?",
				timestamp(at), exitCode, batch, run);
	}

	/**
	 * Adds traffic to the bucket that starts at {@code bucketStart} (a run that resumes
	 * may share one).
	 */
	@Transactional
	public void addTraffic(String batch, Instant bucketStart, long registerCalls, long throttled, long outcomes,
			int pacePerMinute) {
		int updated = this.jdbc.update(
				"UPDATE dpsb_traffic SET register_calls = register_calls + ?, "
						+ "throttled = throttled + ?, outcomes = outcomes + ?, pace_per_minute = ? "
						+ "WHERE batch_name = ? AND bucket_start = ?",
				registerCalls, throttled, outcomes, pacePerMinute, batch, timestamp(bucketStart));
		if (updated == 0) {
			this.jdbc.update(
					"INSERT INTO dpsb_traffic (batch_name, bucket_start, register_calls, throttled, outcomes, "
							+ "pace_per_minute) VALUES (?, ?, ?, ?, ?, ?)",
					batch, timestamp(bucketStart), registerCalls, throttled, outcomes, pacePerMinute);
		}
	}

	public List<Run> runs(String batch) {
		return this.jdbc.query(
				"SELECT run_no, kind, started_at, ended_at, exit_code FROM dpsb_batch_run "
						+ "WHERE batch_name = ? ORDER BY run_no",
				(rs, n) -> new Run(rs.getInt(1), rs.getString(2), instant(rs.getObject(3, OffsetDateTime.class)),
						instant(rs.getObject(4, OffsetDateTime.class)), (Integer) rs.getObject(5)),
				batch);
	}

	public List<Bucket> traffic(String batch) {
		return this.jdbc.query(
				"SELECT bucket_start, register_calls, throttled, outcomes, pace_per_minute "
						+ "FROM dpsb_traffic WHERE batch_name = ? ORDER BY bucket_start",
				(rs, n) -> new Bucket(instant(rs.getObject(1, OffsetDateTime.class)), rs.getLong(2), rs.getLong(3),
						rs.getLong(4), rs.getInt(5)),
				batch);
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	/**
	 * One run: {@code ended} and {@code exitCode} are null while it runs, or if its
	 * process died.
	 */
	public record Run(int number, String kind, Instant started, Instant ended, Integer exitCode) {
	}

	/** One bucket of {@link #BUCKET} of traffic. */
	public record Bucket(Instant start, long registerCalls, long throttled, long outcomes, int pacePerMinute) {
	}

}
