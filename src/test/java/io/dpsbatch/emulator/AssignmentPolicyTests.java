package io.dpsbatch.emulator;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AssignmentPolicyTests {

	private static final List<String> HUBS = List.of("hub-1", "hub-2", "hub-3");

	private final AssignmentPolicy policy = new AssignmentPolicy(HUBS, new IdPatterns(List.of("off-*")),
			new IdPatterns(List.of("bad-*", "off-bad")));

	@Test
	void outcomesFollowThePatternsAndDisabledWins() {
		assertThat(this.policy.outcomeFor("dev-1")).isEqualTo(AssignmentPolicy.Outcome.ASSIGNED);
		assertThat(this.policy.outcomeFor("off-1")).isEqualTo(AssignmentPolicy.Outcome.DISABLED);
		assertThat(this.policy.outcomeFor("bad-1")).isEqualTo(AssignmentPolicy.Outcome.FAILED);
		assertThat(this.policy.outcomeFor("off-bad")).isEqualTo(AssignmentPolicy.Outcome.DISABLED);
	}

	@Test
	void aDeviceAlwaysGetsTheSameHubWhateverTheCaseOfItsId() {
		assertThat(this.policy.hubFor("Device-0042")).isEqualTo(this.policy.hubFor("device-0042"))
			.isEqualTo(new AssignmentPolicy(HUBS, new IdPatterns(List.of()), new IdPatterns(List.of()))
				.hubFor("DEVICE-0042"));
	}

	@Test
	void sequentialIdsAreSpreadEvenlyOverTheHubs() {
		Map<String, Long> perHub = IntStream.range(0, 3000)
			.mapToObj((i) -> String.format("sn-%06d", i))
			.collect(Collectors.groupingBy(this.policy::hubFor, Collectors.counting()));

		assertThat(perHub).containsOnlyKeys(HUBS);
		assertThat(perHub.values()).allSatisfy((count) -> assertThat(count).isBetween(900L, 1100L));
	}

	@Test
	void theHubIsAFixedFunctionOfTheId() {
		// pinned, so that a change of the hash, which would move every device to another
		// hub, is noticed
		assertThat(this.policy.hubFor("a")).isEqualTo("hub-2");
		assertThat(this.policy.hubFor("b")).isEqualTo("hub-1");
		assertThat(this.policy.hubFor("c")).isEqualTo("hub-3");
		assertThat(this.policy.hubFor("sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6")).isEqualTo("hub-1");
	}

}
