package io.dpsbatch.manifest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The factory database that {@code provision --from-db} reads its devices from: the one
 * of {@code manifest.datasource.*}, or the results store when none is configured. Its own
 * connection pool is small and opened only when a run reads from it.
 */
@Component
public class ManifestDatabase implements DisposableBean {

	private final ManifestProperties properties;

	private final DataSource resultsStore;

	private HikariDataSource own;

	private String description;

	ManifestDatabase(ManifestProperties properties, DataSource resultsStore) {
		this.properties = properties;
		this.resultsStore = resultsStore;
	}

	public String query() {
		return this.properties.query();
	}

	/**
	 * Runs the query for its first row, to check before anything is written that it can
	 * be read and that its columns are those of a manifest.
	 * @return the query's columns as a manifest header
	 * @throws ManifestFormatException when the query, its columns or the database
	 * settings are wrong (exit code 64)
	 * @throws ManifestSourceException when the database cannot be reached
	 */
	public ManifestHeader check() {
		String source = description();
		try (Connection connection = connect(source);
				PreparedStatement statement = connection.prepareStatement(query())) {
			statement.setMaxRows(1);
			try (ResultSet rs = statement.executeQuery()) {
				return QueryColumns.of(rs.getMetaData(), source).header();
			}
		}
		catch (SQLException ex) {
			throw failure(ex, source);
		}
	}

	/** A reader of the query's rows (a new one for each import). */
	public JdbcManifestReader reader() {
		return new JdbcManifestReader(dataSource(), query(), description());
	}

	/**
	 * The query and the database it runs on, as recorded with a batch and shown in
	 * messages: never a password (the URL's parameters are left out).
	 */
	public synchronized String description() {
		if (this.description == null) {
			String url = this.properties.datasource().url();
			String where;
			if (url != null) {
				where = JdbcUrls.withoutSecrets(url);
			}
			else {
				try (Connection connection = this.resultsStore.getConnection()) {
					where = JdbcUrls.withoutSecrets(connection.getMetaData().getURL()) + " (the results store)";
				}
				catch (SQLException ex) {
					throw failure(ex, "the results store");
				}
			}
			this.description = "database " + where + ", query: " + query();
		}
		return this.description;
	}

	synchronized DataSource dataSource() {
		ManifestProperties.Datasource settings = this.properties.datasource();
		if (settings.url() == null) {
			return this.resultsStore;
		}
		if (this.own == null) {
			HikariDataSource pool = new HikariDataSource();
			pool.setPoolName("manifest-source");
			pool.setJdbcUrl(settings.url());
			pool.setUsername(settings.username());
			pool.setPassword(settings.password());
			pool.setMaximumPoolSize(2);
			pool.setMinimumIdle(0);
			pool.setConnectionTimeout(15_000);
			this.own = pool;
		}
		return this.own;
	}

	@Override
	public synchronized void destroy() {
		if (this.own != null) {
			this.own.close();
		}
	}

	private Connection connect(String source) throws SQLException {
		try {
			return dataSource().getConnection();
		}
		catch (RuntimeException ex) {
			// a pool that cannot open its first connection says so with an unchecked
			// exception
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				if (cause instanceof SQLException sql) {
					throw sql;
				}
			}
			throw new ManifestSourceException("cannot connect to " + source + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Mistakes in the query or the settings (SQL states 42: syntax, unknown table or
	 * column, no privilege; 28: authentication; 3D/3F: unknown database or schema) are
	 * the operator's to fix; anything else may pass.
	 */
	RuntimeException failure(SQLException ex, String source) {
		String state = (ex.getSQLState() != null) ? ex.getSQLState() : "";
		String message = firstLine(ex.getMessage());
		if (state.startsWith("42") || state.startsWith("28") || state.startsWith("3D") || state.startsWith("3F")) {
			String hint = ManifestProperties.DEFAULT_QUERY.equals(query())
					? " (create the table device_manifest, see README.md, or set manifest.query)" : "";
			return new ManifestFormatException(source, "the query cannot run: " + message + hint, ex);
		}
		return new ManifestSourceException("cannot read the device manifest from " + source + ": " + message, ex);
	}

	/**
	 * The driver's message without the statement that H2 appends to it (the query is
	 * named already).
	 */
	private static String firstLine(String message) {
		if (message == null) {
			return "(no message)";
		}
		int newline = message.indexOf('\n');
		String line = (newline < 0) ? message : message.substring(0, newline);
		int statement = line.indexOf("; SQL statement:");
		return (statement < 0) ? line : line.substring(0, statement);
	}

}
