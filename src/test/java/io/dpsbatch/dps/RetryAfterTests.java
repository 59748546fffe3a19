package io.dpsbatch.dps;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

	@Test
	void readsDelaySecondsWhateverTheCaseOfTheHeaderName() {
		HttpHeaders headers = HttpHeaders.of(Map.of("retry-after", List.of("3")), (name, value) -> true);

		assertThat(RetryAfter.from(headers, NOW)).contains(Duration.ofSeconds(3));
	}

	@Test
	void readsDelaySeconds() {
		assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
		assertThat(RetryAfter.parse(" 12 ", NOW)).contains(Duration.ofSeconds(12));
		assertThat(RetryAfter.parse("99999999999999999999999", NOW)).contains(Duration.ofDays(1));
	}

	@Test
	void readsAnHttpDate() {
		assertThat(RetryAfter.parse("Wed, 01 May 2024 10:00:05 GMT", NOW)).contains(Duration.ofSeconds(5));
		assertThat(RetryAfter.parse("Wed, 01 May 2024 09:59:00 GMT", NOW)).contains(Duration.ZERO);
	}

	@Test
	void unreadableOrAbsentIsEmpty() {
		assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
		assertThat(RetryAfter.parse("-1", NOW)).isEmpty();
		assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
		assertThat(RetryAfter.parse("", NOW)).isEmpty();
		assertThat(RetryAfter.from(HttpHeaders.of(Map.of(), (name, value) -> true), NOW)).isEmpty();
	}

}
