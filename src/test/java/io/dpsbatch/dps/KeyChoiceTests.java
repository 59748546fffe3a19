package io.dpsbatch.dps;

import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.GroupKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyChoiceTests {

	private static final GroupKey PRIMARY = GroupKey.fromBase64(DpsFixtures.GROUP_KEY);

	private static final GroupKey SECONDARY = GroupKey.fromBase64(DpsFixtures.SECONDARY_GROUP_KEY);

	private final StatisticsCounters statistics = new StatisticsCounters();

	@Test
	void signsWithTheDerivedKeyOfTheChosenGroupKeyAndTriesTheOtherOnce() {
		KeyChoice key = new KeyChoice(group(new EnrollmentKeys(PRIMARY, SECONDARY)), this.statistics, "dev-1");
		key.use(false);
		assertThat(key.deviceKey()).isEqualTo(PRIMARY.deriveDeviceKey("dev-1"));
		assertThat(key.otherKeyUntried()).isTrue();

		key.switchToOtherKey();
		assertThat(key.onSecondary()).isTrue();
		assertThat(key.deviceKey()).isEqualTo(SECONDARY.deriveDeviceKey("dev-1"));
		assertThat(key.otherKeyUntried()).isFalse();
		assertThat(this.statistics.snapshot(0).usedSecondaryKey()).isEqualTo(1);
	}

	@Test
	void withoutASecondaryKeyThereIsNoOtherKeyToTry() {
		KeyChoice key = new KeyChoice(group(new EnrollmentKeys(PRIMARY, null)), this.statistics, "dev-1");
		key.use(false);
		assertThat(key.otherKeyUntried()).isFalse();
	}

	@Test
	void twoRefusalsAreInARowOnlyWhenNothingCameBetween() {
		KeyChoice key = new KeyChoice(group(new EnrollmentKeys(PRIMARY, null)), this.statistics, "dev-1");
		key.unauthorizedOnce();
		assertThat(key.answeredAfterUnauthorized()).isTrue();
		assertThat(key.answeredAfterUnauthorized()).isFalse(); // forgotten once read

		key.unauthorizedOnce();
		key.noAnswer(); // a broken connection between two 401s
		assertThat(key.answeredAfterUnauthorized()).isFalse();
	}

	private static Enrollment group(EnrollmentKeys keys) {
		return Enrollment.defaultGroup(DpsFixtures.ID_SCOPE, java.net.URI.create("https://dps.example"), keys);
	}

}
