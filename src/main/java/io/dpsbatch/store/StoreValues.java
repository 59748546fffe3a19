package io.dpsbatch.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** How the store's tables hold values: timestamps in UTC, JSON columns, bounded text. */
final class StoreValues {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<LinkedHashMap<String, String>> ATTRIBUTES = new TypeReference<>() {
	};

	private static final TypeReference<List<String>> COLUMNS = new TypeReference<>() {
	};

	private StoreValues() {
	}

	static OffsetDateTime timestamp(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	static List<String> columns(String json) {
		return JSON.readValue(json, COLUMNS);
	}

	static Map<String, String> attributes(String json) {
		return (json != null) ? JSON.readValue(json, ATTRIBUTES) : Map.of();
	}

	static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max - 1) + "…";
	}

}
