package io.dpsbatch.dps;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds, which is what
 * DPS sends, or an HTTP-date. An unreadable value counts as absent, so the caller's
 * default applies.
 */
public final class RetryAfter {

	private RetryAfter() {
	}

	/**
	 * @param now the current time, for the HTTP-date form
	 */
	public static Optional<Duration> from(HttpHeaders headers, Instant now) {
		// HttpHeaders looks names up without regard to case
		return headers.firstValue("Retry-After").flatMap((value) -> parse(value, now));
	}

	static Optional<Duration> parse(String value, Instant now) {
		String trimmed = value.strip();
		if (trimmed.isEmpty()) {
			return Optional.empty();
		}
		if (trimmed.chars().allMatch(Character::isDigit)) {
			try {
				return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
			}
			catch (NumberFormatException ex) {
				// more digits than a long holds: as good as "very long", which the caller
				// caps anyway
				return Optional.of(Duration.ofDays(1));
			}
		}
		try {
			Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

}
