package io.dpsbatch.emulator;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdPatternsTests {

	@Test
	void anIdWithoutStarMatchesOnlyItselfWithoutRegardToCase() {
		IdPatterns patterns = new IdPatterns(List.of("dev-1"));

		assertThat(patterns.matches("dev-1")).isTrue();
		assertThat(patterns.matches("DEV-1")).isTrue();
		assertThat(patterns.matches("dev-10")).isFalse();
		assertThat(patterns.matches("xdev-1")).isFalse();
	}

	@Test
	void aStarMatchesAnyRunOfCharactersAnywhere() {
		IdPatterns patterns = new IdPatterns(List.of("line-*-station-*", "*.bad"));

		assertThat(patterns.matches("line-4-station-7")).isTrue();
		assertThat(patterns.matches("line--station-")).isTrue();
		assertThat(patterns.matches("device.bad")).isTrue();
		assertThat(patterns.matches("line-4-station")).isFalse();
		assertThat(patterns.matches("device.bad.not")).isFalse();
	}

	@Test
	void everythingButTheStarIsLiteral() {
		IdPatterns patterns = new IdPatterns(List.of("a.b", "x+"));

		assertThat(patterns.matches("a.b")).isTrue();
		assertThat(patterns.matches("axb")).isFalse();
		assertThat(patterns.matches("x+")).isTrue();
		assertThat(patterns.matches("xx")).isFalse();
	}

	@Test
	void noPatternsMatchNothing() {
		assertThat(new IdPatterns(List.of()).matches("anything")).isFalse();
		assertThat(new IdPatterns(List.of("*")).matches("anything")).isTrue();
	}

}
