package io.dpsbatch.register;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.store.BatchHistory;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficBucketsTests {

	private static final Instant START = Instant.parse("2026-11-29T08:00:03Z");

	private final RegistrationProgressTests.MutableClock clock = new RegistrationProgressTests.MutableClock(START);

	private DataSource dataSource;

	private BatchHistory history;

	@BeforeEach
	void createBatch() {
		this.dataSource = TestDatabase.migrated();
		this.history = TestDatabase.history(this.dataSource);
		TestDatabase.store(this.dataSource)
			.batches()
			.createBatch(new BatchRecord("line-1", "/tmp/line-1.csv", null, "sha256:00", "0ne00000A0A",
					"https://global.azure-devices-provisioning.net", List.of(), 0, START));
	}

	@Test
	void eachBucketHoldsTheCallsThe429sAndTheOutcomesOfItsTenSeconds() {
		TrafficBuckets buckets = new TrafficBuckets("line-1", this.history, this.clock,
				windowAt(statistics(10, 1, 900)));
		this.clock.advance(Duration.ofSeconds(2));
		buckets.sample(statistics(15, 1, 900), 5);
		assertThat(rows()).as("nothing written while its bucket lasts").isEmpty();
		this.clock.advance(Duration.ofSeconds(6)); // 08:00:11
		buckets.sample(statistics(30, 3, 450), 10);
		this.clock.advance(Duration.ofSeconds(3));
		buckets.flush(statistics(32, 3, 495));

		assertThat(rows()).containsExactly("08:00:00Z calls=20 throttled=2 outcomes=15 pace=450",
				"08:00:10Z calls=2 throttled=0 outcomes=0 pace=495");
	}

	@Test
	void aResumedRunAddsToTheBucketItShares() {
		new TrafficBuckets("line-1", this.history, this.clock, windowAt(statistics(0, 0, 900)))
			.flush(statistics(4, 1, 900));
		this.clock.advance(Duration.ofSeconds(5));
		// a new process: its client counts from zero again
		new TrafficBuckets("line-1", this.history, this.clock, windowAt(statistics(0, 0, 900)))
			.flush(statistics(3, 0, 800));

		assertThat(rows()).containsExactly("08:00:00Z calls=7 throttled=1 outcomes=0 pace=800");
	}

	/** A window whose client opened with these statistics. */
	private InFlightWindow windowAt(DpsStatistics opened) {
		return new RegisterStepFixture().window(new ScriptedRegistrar(opened), 8);
	}

	private static DpsStatistics statistics(long registerCalls, long throttled, int pace) {
		return new DpsStatistics(registerCalls, 0, 0, throttled, throttled, 0, 0, pace);
	}

	private List<String> rows() {
		return new JdbcTemplate(this.dataSource).queryForList("SELECT * FROM dpsb_traffic ORDER BY bucket_start")
			.stream()
			.map(TrafficBucketsTests::describe)
			.toList();
	}

	private static String describe(Map<String, Object> row) {
		OffsetDateTime start = (OffsetDateTime) row.get("BUCKET_START");
		return DateTimeFormatter.ofPattern("HH:mm:ss'Z'").format(start.withOffsetSameInstant(ZoneOffset.UTC))
				+ " calls=" + row.get("REGISTER_CALLS") + " throttled=" + row.get("THROTTLED") + " outcomes="
				+ row.get("OUTCOMES") + " pace=" + row.get("PACE_PER_MINUTE");
	}

}
