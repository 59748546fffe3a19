package io.dpsbatch.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps a batch to one run at a time, across processes and hosts that share the results
 * store. The live run of a batch holds the batch's lock on a connection of its own for as
 * long as it runs, in a way the database releases by itself when the process dies (crash,
 * kill -9, lost connection): so a batch left by a dead run is never locked, and its
 * unfinished execution can be recovered at once.
 * <ul>
 * <li>PostgreSQL: a session advisory lock, keyed by schema and batch name. It holds no
 * transaction open, so it does not keep VACUUM from its work however long the run.</li>
 * <li>H2: a row lock on the batch's row of {@code dpsb_lock}, in a transaction that stays
 * open. (An H2 file store is opened by one process at a time unless its URL says
 * AUTO_SERVER=TRUE.)</li>
 * </ul>
 * Who started a batch's last run is recorded in {@code dpsb_run}, so that a second run
 * can say whom it is waiting for.
 * <p>
 * The two engines' locks follow the same attempts, owner record and release rules.
 */
@Component
public class RunLocks {

	private static final Logger logger = LoggerFactory.getLogger(RunLocks.class);

	/**
	 * A lock is tried this often before the batch counts as busy: an {@link #isRunning}
	 * check on H2 holds the row for a moment, and PostgreSQL ends the session of a
	 * process that just died a moment after it.
	 */
	private static final int ATTEMPTS = 5;

	private static final long RETRY_MILLIS = 200;

	private static final String PG_KEY = "hashtextextended('dps-batch:' || COALESCE(current_schema(), '') || ':' || ?, 0)";

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private volatile Boolean postgres;

	RunLocks(DataSource dataSource, JdbcTemplate jdbc) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
	}

	/**
	 * Takes the batch's lock, unless another run holds it.
	 * @return the lock, held until it is closed; empty when another run of the batch is
	 * live
	 */
	public Optional<Lock> tryAcquire(String batch) throws SQLException, InterruptedException {
		Connection connection = this.dataSource.getConnection();
		Optional<Lock> lock;
		try {
			lock = isPostgres() ? advisoryLock(connection, batch) : rowLock(connection, batch);
		}
		catch (SQLException | InterruptedException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		if (lock.isEmpty()) {
			connection.close();
			return lock;
		}
		try {
			recordOwner(batch, owner(connection));
			return lock;
		}
		catch (SQLException | RuntimeException ex) {
			// a pooled PostgreSQL connection keeps its session, and the lock with it,
			// unless unlocked
			lock.get().close();
			throw ex;
		}
	}

	/** Whether a live run holds the batch's lock. */
	public boolean isRunning(String batch) {
		if (isPostgres()) {
			Boolean held = this.jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM pg_locks l, (SELECT " + PG_KEY
					+ " AS k) lock WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = "
					+ "(SELECT oid FROM pg_database WHERE datname = current_database()) "
					+ "AND l.classid::bigint = ((lock.k >> 32) & 4294967295) AND l.objid::bigint = (lock.k & 4294967295))",
					Boolean.class, batch);
			return Boolean.TRUE.equals(held);
		}
		return this.jdbc.execute((ConnectionCallback<Boolean>) (connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				return !lockRow(connection, batch);
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(autoCommit);
			}
		});
	}

	/** Who started the batch's last run (live or not), and when. */
	public Optional<RunOwner> lastRun(String batch) {
		return this.jdbc
			.query("SELECT owner, started_at FROM dpsb_run WHERE batch_name = ?",
					(rs, n) -> new RunOwner(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()), batch)
			.stream()
			.findFirst();
	}

	private Optional<Lock> advisoryLock(Connection connection, String batch) throws SQLException, InterruptedException {
		for (int attempt = 1; !tryAdvisoryLock(connection, batch); attempt++) {
			if (attempt == ATTEMPTS) {
				return Optional.empty();
			}
			Thread.sleep(RETRY_MILLIS);
		}
		return Optional.of(() -> {
			try (connection;
					PreparedStatement unlock = connection
						.prepareStatement("SELECT pg_advisory_unlock(" + PG_KEY + ")")) {
				unlock.setString(1, batch);
				unlock.execute();
			}
			catch (SQLException ex) {
				logger.debug("Releasing the lock of batch {} failed; ending its database session", batch, ex);
				// the pool would keep the session, and the lock with it: end the session
				// instead
				abort(connection);
			}
		});
	}

	private static boolean tryAdvisoryLock(Connection connection, String batch) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(" + PG_KEY + ")")) {
			statement.setString(1, batch);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() && rs.getBoolean(1);
			}
		}
	}

	private Optional<Lock> rowLock(Connection connection, String batch) throws SQLException, InterruptedException {
		try {
			this.jdbc.update("INSERT INTO dpsb_lock (name) SELECT ? WHERE NOT EXISTS "
					+ "(SELECT 1 FROM dpsb_lock WHERE name = ?)", batch, batch);
		}
		catch (DuplicateKeyException ex) {
			// another run inserted it at the same moment: the row is there, which is all
			// that matters
		}
		connection.setAutoCommit(false);
		for (int attempt = 1; !lockRow(connection, batch); attempt++) {
			connection.rollback();
			if (attempt == ATTEMPTS) {
				connection.setAutoCommit(true);
				return Optional.empty();
			}
			Thread.sleep(RETRY_MILLIS);
		}
		return Optional.of(() -> {
			try (connection) {
				connection.rollback();
				connection.setAutoCommit(true);
			}
			catch (SQLException ex) {
				logger.debug("Releasing the lock of batch {} failed", batch, ex);
			}
		});
	}

	private static void abort(Connection connection) {
		try {
			connection.abort(Runnable::run);
		}
		catch (SQLException ex) {
			logger.debug("Ending a database session failed", ex);
		}
	}

	/**
	 * Locks the batch's row of dpsb_lock in the connection's transaction; false when
	 * another holds it.
	 */
	private static boolean lockRow(Connection connection, String batch) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT name FROM dpsb_lock WHERE name = ? FOR UPDATE NOWAIT")) {
			statement.setString(1, batch);
			statement.executeQuery().close();
			return true;
		}
		catch (SQLException ex) {
			if (isLockTimeout(ex)) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * H2's "timeout trying to lock table" (HYT00, error 50200), which NOWAIT gives at
	 * once.
	 */
	private static boolean isLockTimeout(SQLException ex) {
		return "HYT00".equals(ex.getSQLState()) || ex.getErrorCode() == 50200;
	}

	private void recordOwner(String batch, String owner) {
		this.jdbc.update("DELETE FROM dpsb_run WHERE batch_name = ?", batch);
		this.jdbc.update("INSERT INTO dpsb_run (batch_name, owner, started_at) VALUES (?, ?, ?)", batch, owner,
				OffsetDateTime.now(ZoneOffset.UTC));
	}

	private String owner(Connection connection) throws SQLException {
		String owner = "pid " + ProcessHandle.current().pid() + " on " + hostName();
		if (isPostgres()) {
			try (PreparedStatement statement = connection.prepareStatement("SELECT pg_backend_pid()");
					ResultSet rs = statement.executeQuery()) {
				if (rs.next()) {
					owner += ", PostgreSQL session " + rs.getInt(1);
				}
			}
		}
		return owner;
	}

	private boolean isPostgres() {
		Boolean known = this.postgres;
		if (known == null) {
			known = this.jdbc.execute((ConnectionCallback<Boolean>) (connection) -> connection.getMetaData()
				.getDatabaseProductName()
				.toLowerCase(Locale.ROOT)
				.contains("postgres"));
			this.postgres = known;
		}
		return known;
	}

	private static String hostName() {
		String fromEnvironment = System.getenv("HOSTNAME");
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return fromEnvironment;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "an unknown host";
		}
	}

	/** A batch's lock, held until closed. */
	@FunctionalInterface
	public interface Lock extends AutoCloseable {

		@Override
		void close();

	}

	/**
	 * Who started a batch's run.
	 *
	 * @param owner process and host (and database session)
	 * @param startedAt when the run took the lock
	 */
	public record RunOwner(String owner, Instant startedAt) {

		/**
		 * For messages: {@code " (pid 4242 on line-7-pc, since 2026-05-01T02:00:00Z)"}.
		 */
		public String inParentheses() {
			return " (" + this.owner + ", since " + this.startedAt + ")";
		}

	}

}
