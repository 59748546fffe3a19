package io.dpsbatch.manifest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;

/**
 * Reads the rows of a manifest query one at a time, through a database cursor (memory
 * does not grow with the table), as the same {@link ManifestRow}s a manifest file gives,
 * so that validation and import are shared. A row's {@code line} is its position in the
 * query's result, from 1.
 * <p>
 * It does not resume in the middle: a query has no order one could count on (a table
 * changes, and a query without ORDER BY may return its rows in any order), so the
 * position of an interrupted read means nothing to the next one. An import from a
 * database is redone from the start instead, and once it has finished the batch is a
 * snapshot in the results store that is never read from the source again.
 */
public class JdbcManifestReader extends JdbcCursorItemReader<ManifestRow> {

	/**
	 * Rows fetched at a time; PostgreSQL streams the result only with a fetch size and
	 * outside autocommit.
	 */
	static final int FETCH_SIZE = 500;

	private final String source;

	private QueryColumns columns;

	/**
	 * @param source how messages name the query and its database
	 */
	public JdbcManifestReader(DataSource dataSource, String query, String source) {
		super(dataSource, query, (rs, row) -> {
			throw new IllegalStateException("rows are read by readCursor");
		});
		this.source = source;
		setName("manifest");
		setSaveState(false);
		setFetchSize(FETCH_SIZE);
		setConnectionAutoCommit(false);
		setVerifyCursorPosition(false);
	}

	/** The query's columns as a manifest header; available once the reader is open. */
	public ManifestHeader header() {
		if (this.columns == null) {
			throw new IllegalStateException("The manifest reader is not open");
		}
		return this.columns.header();
	}

	@Override
	public void open(ExecutionContext executionContext) {
		try {
			super.open(executionContext);
		}
		catch (ItemStreamException ex) {
			throw ManifestFormatException.unwrapped(ex);
		}
	}

	@Override
	protected void openCursor(Connection connection) {
		super.openCursor(connection);
		try {
			this.columns = QueryColumns.of(this.rs.getMetaData(), this.source);
		}
		catch (SQLException ex) {
			throw translateSqlException("Reading the columns of the manifest query", getSql(), ex);
		}
	}

	@Override
	protected ManifestRow readCursor(ResultSet rs, int currentRow) throws SQLException {
		return this.columns.row(rs, currentRow);
	}

}
