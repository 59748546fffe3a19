package io.dpsbatch.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

import io.dpsbatch.store.DeviceReservations;
import io.dpsbatch.store.RunLocks;
import io.dpsbatch.text.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.dao.TransientDataAccessException;

/**
 * The reservation step: before registering, the batch reserves every device it is about
 * to send, so that no other batch running at the same time sends it too
 * ({@link DeviceReservations}). When a live run of another batch holds some of them, the
 * step says which run it is waiting for and tries again every few seconds, up to
 * {@code batch.wait-for-other-runs}; then it fails, with nothing of this batch sent.
 */
class ReservationTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(ReservationTasklet.class);

	private static final Duration POLL = Duration.ofSeconds(2);

	private static final Duration REMINDER = Duration.ofMinutes(1);

	private final String batch;

	private final DeviceReservations reservations;

	private final RunLocks locks;

	private final Duration maxWait;

	private final Clock clock;

	private Instant waitingSince;

	private Instant lastReport;

	ReservationTasklet(String batch, DeviceReservations reservations, RunLocks locks, Duration maxWait, Clock clock) {
		this.batch = batch;
		this.reservations = reservations;
		this.locks = locks;
		this.maxWait = maxWait;
		this.clock = clock;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws InterruptedException {
		DeviceReservations.Reservation reservation;
		try {
			reservation = this.reservations.reserve(this.batch, this.clock.instant());
		}
		catch (TransientDataAccessException ex) {
			// another batch is reserving at this very moment (a lock timeout): try again
			// shortly
			logger.debug("{}: reserving devices must wait for another batch", this.batch, ex);
			reservation = null;
		}
		if (reservation != null && !reservation.isHeld()) {
			if (reservation.alreadyAssigned() > 0) {
				logger.info("{}: {} device(s) already assigned in earlier batches are not registered again "
						+ "(--force registers them again)", this.batch, reservation.alreadyAssigned());
			}
			if (this.waitingSince != null) {
				logger.info("{}: the devices are free now; going ahead", this.batch);
			}
			return RepeatStatus.FINISHED;
		}
		Instant now = this.clock.instant();
		String holders = (reservation != null) ? holders(reservation)
				: "another batch is reserving devices at this moment";
		if (this.waitingSince == null) {
			this.waitingSince = now;
			this.lastReport = now;
			if (!this.maxWait.isZero()) {
				logger.warn("{}: {}; waiting for it to finish with them (up to {}, batch.wait-for-other-runs)",
						this.batch, holders, Durations.human(this.maxWait));
			}
		}
		else if (Duration.between(this.lastReport, now).compareTo(REMINDER) >= 0) {
			this.lastReport = now;
			logger.info("{}: still waiting: {}", this.batch, holders);
		}
		Duration waited = Duration.between(this.waitingSince, now);
		if (waited.compareTo(this.maxWait) >= 0) {
			throw new DevicesHeldException(
					holders + (!this.maxWait.isZero() ? "; gave up after waiting " + Durations.human(this.maxWait) : "")
							+ " (batch.wait-for-other-runs). Nothing of batch " + this.batch
							+ " was sent; run the same " + "command again once that run has finished");
		}
		Duration left = this.maxWait.minus(waited);
		Thread.sleep(((left.compareTo(POLL) < 0) ? left : POLL).toMillis());
		return RepeatStatus.CONTINUABLE;
	}

	private String holders(DeviceReservations.Reservation reservation) {
		return reservation.heldBy()
			.entrySet()
			.stream()
			.map((held) -> held.getValue() + " device(s) of this batch are being registered by batch " + held.getKey()
					+ ", which is running"
					+ this.locks.lastRun(held.getKey()).map(RunLocks.RunOwner::inParentheses).orElse(""))
			.collect(Collectors.joining("; "));
	}

}
