package io.dpsbatch.register;

import io.dpsbatch.dps.GroupKeyRefusedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused enrollment stops only its devices, unless it was the last one the run had.
 */
class RefusedEnrollmentsTests {

	@Test
	void theRunGoesOnUntilEveryConfiguredEnrollmentIsRefused() {
		RefusedEnrollments refused = new RefusedEnrollments(3);
		assertThat(refused.refusal()).isNull();

		assertThat(refused.refuse(new GroupKeyRefusedException("line-b refused", "line-b"))).isFalse();
		assertThat(refused.refuse(new GroupKeyRefusedException("line-b again", "line-b"))).isFalse();
		assertThat(refused.isRefused("line-b")).isTrue();
		assertThat(refused.isRefused("")).isFalse();
		assertThat(refused.refusal()).hasMessage("line-b refused");

		assertThat(refused.refuse(new GroupKeyRefusedException("default refused", ""))).isFalse();
		assertThat(refused.refusal().getMessage()).startsWith("DPS refuses the keys of 2 enrollments:")
			.contains("line-b refused")
			.contains("default refused");
		assertThat(refused.refuse(new GroupKeyRefusedException("singles refused", "singles"))).isTrue();
	}

	@Test
	void aRunOfOneEnrollmentStopsAtItsFirstRefusalAsBefore() {
		assertThat(new RefusedEnrollments(1).refuse(new GroupKeyRefusedException("refused", ""))).isTrue();
	}

}
