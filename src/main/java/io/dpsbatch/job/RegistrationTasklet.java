package io.dpsbatch.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.dpsbatch.dps.DeviceToRegister;
import io.dpsbatch.dps.DpsRegistrar;
import io.dpsbatch.dps.DpsStatistics;
import io.dpsbatch.dps.DpsUnavailableException;
import io.dpsbatch.results.BatchHistory;
import io.dpsbatch.results.LineOutcome;
import io.dpsbatch.results.PendingDevice;
import io.dpsbatch.results.ResultsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The register step as a pipeline rather than chunks: up to {@code dps.max-in-flight} devices are with
 * DPS at once, each on its own asynchronous path (lookup, paced register, polls), and outcomes are
 * committed as they arrive. So a slow device never holds back the rest, and the pace is set by the
 * rate limit, not by a chunk barrier.
 * <p>
 * Each call of {@link #execute} is one transaction of the step: it records the outcomes that arrived
 * since the previous call (with the step's own metadata) and tops up the work in flight. Devices are
 * claimed (REGISTERING) in a transaction of their own that commits before their first request goes out,
 * so after a crash the store knows which devices DPS may have seen; the next run looks those up instead
 * of registering them blindly.
 * <p>
 * When the operator asks the run to stop ({@link StopRequest}), no more devices are claimed; outcomes
 * still on their way are recorded for up to the drain limit, then the step ends STOPPED. Devices still
 * out by then stay REGISTERING and are looked up when the batch resumes.
 */
class RegistrationTasklet implements Tasklet, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(RegistrationTasklet.class);

	/** How long one step transaction waits for outcomes before committing what it has. */
	private static final long COLLECT_MILLIS = 200;

	/** Most outcomes recorded in one transaction. */
	private static final int MAX_OUTCOMES_PER_COMMIT = 1000;

	/** PENDING devices read from the store at a time. */
	private static final int PAGE = 1000;

	private final String batch;

	private final ResultsStore store;

	private final BatchHistory history;

	private final DpsConnection dps;

	private final TransactionTemplate claims;

	private final int maxInFlight;

	private final ProgressProperties progressProperties;

	private final RegistrationMetrics metrics;

	private final StopRequest stopRequest;

	private final Duration drainLimit;

	private final Map<Long, Boolean> inFlight = new ConcurrentHashMap<>();

	private final BlockingQueue<LineOutcome> completed = new LinkedBlockingQueue<>();

	private final AtomicReference<Throwable> unavailable = new AtomicReference<>();

	private final Deque<PendingDevice> buffer = new ArrayDeque<>();

	private DpsRegistrar registrar;

	private RegistrationProgress progress;

	private TrafficBuckets buckets;

	private DpsStatistics recordedTraffic;

	private long lastLine;

	private boolean noMorePending;

	/** When this step saw the stop request ({@link System#nanoTime()}), or null. */
	private Long stoppingSince;

	RegistrationTasklet(String batch, ResultsStore store, BatchHistory history, DpsConnection dps,
			PlatformTransactionManager transactionManager, ProgressProperties progressProperties,
			RegistrationMetrics metrics, StopRequest stopRequest, Duration drainLimit) {
		this.batch = batch;
		this.progressProperties = progressProperties;
		this.metrics = metrics;
		this.store = store;
		this.history = history;
		this.dps = dps;
		this.claims = new TransactionTemplate(transactionManager);
		this.claims.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.maxInFlight = dps.properties().maxInFlight();
		this.stopRequest = stopRequest;
		this.drainLimit = drainLimit;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		int reclaimed = this.claims.execute((status) -> this.store.reclaimUnfinished(this.batch));
		if (reclaimed > 0) {
			logger.info("{} device(s) were with DPS when the previous run stopped; each is looked up before any "
					+ "new register call", reclaimed);
		}
		this.registrar = this.dps.openRegistrar();
		this.recordedTraffic = this.registrar.statistics();
		this.metrics.clientOpened(this.recordedTraffic);
		this.buckets = new TrafficBuckets(this.batch, this.history, Clock.systemUTC(), this.recordedTraffic);
		this.progress = RegistrationProgress.start(this.batch, this.store.totals(this.batch), this.progressProperties,
				this.metrics);
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (this.buckets != null) {
			try {
				this.buckets.flush(this.registrar.statistics());
			}
			catch (RuntimeException ex) {
				// the chart loses its last seconds; the outcomes are recorded, and the step's own failure matters more
				logger.warn("{}: cannot record the last seconds of traffic for the report: {}", this.batch, ex.getMessage());
			}
		}
		if (this.registrar != null) {
			this.registrar.close();
		}
		if (this.progress != null) {
			this.progress.finished(this.inFlight.size());
		}
		return stepExecution.getExitStatus();
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws InterruptedException {
		boolean stopping = this.stopRequest.isRequested();
		if (this.unavailable.get() == null && !stopping) {
			fill();
		}
		List<LineOutcome> outcomes = collect();
		if (!outcomes.isEmpty()) {
			this.store.recordOutcomes(this.batch, outcomes);
			contribution.incrementWriteCount(outcomes.size());
		}
		DpsStatistics traffic = this.registrar.statistics();
		recordTraffic(traffic);
		this.buckets.sample(traffic, outcomes.size());
		this.progress.recorded(outcomes, this.inFlight.size(), traffic);
		Throwable failure = this.unavailable.get();
		if (failure != null && this.inFlight.isEmpty() && this.completed.isEmpty()) {
			throw new DpsUnavailableException(failure.getMessage(), failure);
		}
		boolean done = this.noMorePending && this.buffer.isEmpty() && this.inFlight.isEmpty()
				&& this.completed.isEmpty();
		if (done) {
			return RepeatStatus.FINISHED;
		}
		if (stopping && drained()) {
			// the step checks this after the transaction commits, and ends STOPPED
			contribution.getStepExecution().setTerminateOnly();
		}
		return RepeatStatus.CONTINUABLE;
	}

	/** Whether a stopping step has recorded what it could wait for. */
	private boolean drained() {
		long now = System.nanoTime();
		if (this.stoppingSince == null) {
			this.stoppingSince = now;
			logger.info("{}: stopping: no more devices are sent; waiting up to {} s for the {} device(s) with DPS",
					this.batch, this.drainLimit.toSeconds(), this.inFlight.size());
		}
		if (this.inFlight.isEmpty() && this.completed.isEmpty()) {
			return true;
		}
		if (now - this.stoppingSince < this.drainLimit.toNanos()) {
			return false;
		}
		logger.info("{}: stopping without the outcomes of {} device(s) still with DPS; they are looked up when the "
				+ "batch resumes", this.batch, this.inFlight.size());
		return true;
	}

	/** Tops up the devices with DPS to the in-flight limit. */
	private void fill() {
		int free = this.maxInFlight - this.inFlight.size();
		List<PendingDevice> next = new ArrayList<>(Math.max(free, 0));
		while (next.size() < free && (!this.buffer.isEmpty() || readMore())) {
			next.add(this.buffer.poll());
		}
		if (next.isEmpty()) {
			return;
		}
		this.claims.executeWithoutResult((status) -> this.store.markRegistering(this.batch, next,
				Instant.now()));
		for (PendingDevice device : next) {
			this.inFlight.put(device.line(), Boolean.TRUE);
			this.registrar
				.provision(new DeviceToRegister(device.registrationId(), device.payload(), device.lookupFirst()))
				.whenComplete((outcome, error) -> {
					if (error != null) {
						this.unavailable.compareAndSet(null, unwrap(error));
					}
					else {
						this.completed.add(new LineOutcome(device.line(), outcome));
					}
					// removed after the outcome is queued, so "nothing in flight and nothing queued" means done
					this.inFlight.remove(device.line());
				});
		}
	}

	private boolean readMore() {
		if (this.noMorePending) {
			return false;
		}
		List<PendingDevice> page = this.store.pending(this.batch, this.lastLine, PAGE);
		if (page.isEmpty()) {
			this.noMorePending = true;
			return false;
		}
		this.buffer.addAll(page);
		this.lastLine = page.get(page.size() - 1).line();
		return true;
	}

	private List<LineOutcome> collect() throws InterruptedException {
		List<LineOutcome> outcomes = new ArrayList<>();
		if (this.inFlight.isEmpty() && this.completed.isEmpty()) {
			return outcomes;
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COLLECT_MILLIS);
		while (outcomes.size() < MAX_OUTCOMES_PER_COMMIT) {
			long left = deadline - System.nanoTime();
			LineOutcome first = (left > 0) ? this.completed.poll(left, TimeUnit.NANOSECONDS) : this.completed.poll();
			if (first == null) {
				break;
			}
			outcomes.add(first);
			this.completed.drainTo(outcomes, MAX_OUTCOMES_PER_COMMIT - outcomes.size());
			if (this.inFlight.isEmpty() || left <= 0 || worthRefilling()) {
				break;
			}
		}
		return outcomes;
	}

	/** Enough slots are free that waiting longer would leave the in-flight budget idle. */
	private boolean worthRefilling() {
		boolean morePending = (!this.buffer.isEmpty() || !this.noMorePending) && !this.stopRequest.isRequested();
		return morePending && this.maxInFlight - this.inFlight.size() >= Math.max(1, this.maxInFlight / 8);
	}

	private void recordTraffic(DpsStatistics now) {
		DpsStatistics before = this.recordedTraffic;
		long register = now.registerCalls() - before.registerCalls();
		long lookups = now.lookupCalls() - before.lookupCalls();
		long throttled = now.throttledResponses() - before.throttledResponses();
		if (register != 0 || lookups != 0 || throttled != 0 || before.pacePerMinute() != now.pacePerMinute()) {
			this.store.addDpsTraffic(this.batch, register, lookups, throttled, now.pacePerMinute());
			this.recordedTraffic = now;
		}
	}

	private static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

}
