package io.dpsbatch.store;

import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The H2 side of the batch locks; the PostgreSQL side runs in
 * PostgresNightlyRunIntegrationTests.
 */
class RunLocksTests {

	private final DataSource dataSource = TestDatabase.migrated();

	private final RunLocks locks = new RunLocks(this.dataSource, new JdbcTemplate(this.dataSource));

	@Test
	void aBatchIsHeldByOneRunAtATimeUntilItsLockIsClosed() throws Exception {
		assertThat(this.locks.isRunning("line-1")).isFalse();
		Optional<RunLocks.Lock> first = this.locks.tryAcquire("line-1");
		assertThat(first).isPresent();
		assertThat(this.locks.isRunning("line-1")).isTrue();
		assertThat(this.locks.tryAcquire("line-1")).isEmpty();
		assertThat(this.locks.isRunning("line-2")).isFalse();
		try (RunLocks.Lock other = this.locks.tryAcquire("line-2").orElseThrow()) {
			assertThat(this.locks.isRunning("line-2")).isTrue();
		}
		first.get().close();
		assertThat(this.locks.isRunning("line-1")).isFalse();
		try (RunLocks.Lock again = this.locks.tryAcquire("line-1").orElseThrow()) {
			assertThat(this.locks.isRunning("line-1")).isTrue();
		}
	}

	@Test
	void whoStartedTheLastRunIsRecorded() throws Exception {
		assertThat(this.locks.lastRun("line-1")).isEmpty();
		try (RunLocks.Lock lock = this.locks.tryAcquire("line-1").orElseThrow()) {
			RunLocks.RunOwner owner = this.locks.lastRun("line-1").orElseThrow();
			assertThat(owner.owner()).startsWith("pid " + ProcessHandle.current().pid() + " on ");
			assertThat(owner.inParentheses()).startsWith(" (pid ").contains(", since ");
		}
	}

}
