package io.dpsbatch.dps;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.GroupKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a run learns of its group keys from DPS's answers, once for every device. */
class KeyVerdictsTests {

	private final AtomicInteger devicesOut = new AtomicInteger(100);

	private final KeyVerdicts verdicts = new KeyVerdicts(Enrollment.defaultGroup(DpsFixtures.ID_SCOPE,
			java.net.URI.create("https://dps.example"), new EnrollmentKeys(GroupKey.fromBase64(DpsFixtures.GROUP_KEY),
					GroupKey.fromBase64(DpsFixtures.SECONDARY_GROUP_KEY))),
			this.devicesOut::get);

	@Test
	void aKeyRefusedIsKnownUntilDpsAcceptsIt() {
		assertThat(this.verdicts.knownRefused(false)).isFalse();
		this.verdicts.refused(false);
		assertThat(this.verdicts.knownRefused(false)).isTrue();
		assertThat(this.verdicts.knownRefused(true)).isFalse();
		this.verdicts.accepted(false);
		assertThat(this.verdicts.knownRefused(false)).isFalse();
	}

	@Test
	void threeDevicesRefusedWithEveryKeyAndNoneAcceptedStopTheRun() {
		this.verdicts.refused(false);
		this.verdicts.refused(true);
		CompletableFuture<Void> first = this.verdicts.deviceRefused(4);
		CompletableFuture<Void> held = this.verdicts.mayStart();
		assertThat(first).isNotDone();
		assertThat(held).isNotDone();

		CompletableFuture<Void> second = this.verdicts.deviceRefused(6);
		// one held device is let through to try the keys after each refusal
		assertThat(held).isCompleted();
		CompletableFuture<Void> third = this.verdicts.deviceRefused(8);

		assertThat(first).isCompletedExceptionally();
		assertThat(second).isCompletedExceptionally();
		assertThat(third).isCompletedExceptionally();
		assertThat(this.verdicts.stopped()).isNotNull();
		assertThat(this.verdicts.mayStart()).isCompletedExceptionally();
	}

	@Test
	void anAcceptanceMakesRefusalsEachDevicesOwn() {
		this.verdicts.refused(false);
		CompletableFuture<Void> refused = this.verdicts.deviceRefused(2);
		CompletableFuture<Void> held = this.verdicts.mayStart();

		this.verdicts.accepted(false);

		assertThat(refused).isCompletedWithValue(null);
		assertThat(held).isCompletedWithValue(null);
		assertThat(this.verdicts.deviceRefused(3)).isCompletedWithValue(null);
		assertThat(this.verdicts.stopped()).isNull();
	}

	@Test
	void aSmallBatchWhoseEveryDeviceIsRefusedStopsToo() {
		this.devicesOut.set(1);
		this.verdicts.refused(false);

		assertThat(this.verdicts.deviceRefused(2)).isCompletedExceptionally();
	}

	@Test
	void afterARotationNewDevicesStartWithTheSecondaryAndNowAndThenCheckThePrimary() {
		assertThat(this.verdicts.startWithSecondary()).isFalse();
		this.verdicts.refused(false);
		this.verdicts.accepted(true);

		int onPrimary = 0;
		for (int i = 0; i < 10 * KeyVerdicts.PRIMARY_CHECK_EVERY; i++) {
			onPrimary += this.verdicts.startWithSecondary() ? 0 : 1;
		}
		assertThat(onPrimary).isEqualTo(10);

		this.verdicts.accepted(false); // the rotation was rolled back
		assertThat(this.verdicts.startWithSecondary()).isFalse();
	}

}
