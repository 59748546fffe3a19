package io.dpsbatch.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stands, in a test, for a run of a batch that is live in another process: it holds the
 * batch's lock, as that run would, and claims the given devices for it, until closed (as
 * if that process ended).
 */
public final class LiveRun implements AutoCloseable {

	private final RunLocks.Lock lock;

	private final JdbcTemplate jdbc;

	private final String batch;

	private LiveRun(RunLocks.Lock lock, JdbcTemplate jdbc, String batch) {
		this.lock = lock;
		this.jdbc = jdbc;
		this.batch = batch;
	}

	public static LiveRun of(DataSource dataSource, String batch, List<String> registrationIds) throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		RunLocks.Lock lock = new RunLocks(dataSource, jdbc).tryAcquire(batch)
			.orElseThrow(() -> new IllegalStateException("batch " + batch + " is locked already"));
		for (String id : registrationIds) {
			jdbc.update("INSERT INTO dpsb_claim (identity_key, batch_name, claimed_at) VALUES (?, ?, ?)",
					id.toLowerCase(Locale.ROOT), batch, Timestamp.from(Instant.now()));
		}
		return new LiveRun(lock, jdbc, batch);
	}

	/** Whether a run of the batch is live, as the application sees it. */
	public static boolean isRunning(DataSource dataSource, String batch) {
		return new RunLocks(dataSource, new JdbcTemplate(dataSource)).isRunning(batch);
	}

	@Override
	public void close() {
		this.jdbc.update("DELETE FROM dpsb_claim WHERE batch_name = ?", this.batch);
		this.lock.close();
	}

}
