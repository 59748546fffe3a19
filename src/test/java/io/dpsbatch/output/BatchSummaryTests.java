package io.dpsbatch.output;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.dpsbatch.store.DeviceStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BatchSummaryTests {

	@Test
	void outcomesHaveOneFieldPerDeviceStatusInItsOrder() {
		// summary.json once wrote every status by itself: a status added since must be
		// added to Outcomes too
		assertThat(Arrays.stream(BatchSummary.Outcomes.class.getRecordComponents()).map(RecordComponent::getName))
			.containsExactly(
					Arrays.stream(DeviceStatus.values()).map(BatchSummaryTests::camelCase).toArray(String[]::new));
	}

	@Test
	void latencyOfNoDeviceIsAnEmptyObject() {
		String json = JsonMapper.builder().build().writeValueAsString(BatchSummary.Latency.of(Map.of()));
		assertThat(json).isEqualTo("{}");
	}

	private static String camelCase(DeviceStatus status) {
		String[] parts = status.name().toLowerCase(Locale.ROOT).split("_");
		return parts[0] + Stream.of(parts)
			.skip(1)
			.map((part) -> Character.toUpperCase(part.charAt(0)) + part.substring(1))
			.collect(Collectors.joining());
	}

}
