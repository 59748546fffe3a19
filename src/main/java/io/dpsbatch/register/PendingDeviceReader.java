package io.dpsbatch.register;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.dpsbatch.store.DeviceQueue;
import io.dpsbatch.store.PendingDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The register step's source: the batch's PENDING devices in line order, read a page at a time, and handed
 * out claimed. Claiming (REGISTERING) commits in a transaction of its own before the devices are handed out,
 * so after a crash the store knows which devices DPS may have seen.
 * <p>
 * Its position, the line of the last device claimed, is saved in the step's ExecutionContext at every commit
 * of the step. A restarted step first puts the devices a stopped run left REGISTERING back in the queue
 * (each to be looked up before any register call); they lie behind the saved position, so a step that took
 * any back reads from the first line, and otherwise from the saved position.
 */
public class PendingDeviceReader implements ItemStream {

	/** The ExecutionContext key of the position. */
	public static final String POSITION = "pending.lastClaimedLine";

	private static final Logger logger = LoggerFactory.getLogger(PendingDeviceReader.class);

	/** PENDING devices read from the store at a time. */
	private static final int PAGE = 1000;

	private final String batch;

	private final DeviceQueue queue;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	private final Deque<PendingDevice> buffer = new ArrayDeque<>();

	private long lastRead;

	private long lastClaimed;

	private boolean exhausted;

	PendingDeviceReader(String batch, DeviceQueue queue, PlatformTransactionManager transactionManager, Clock clock) {
		this.batch = batch;
		this.queue = queue;
		this.clock = clock;
		// committed at once, whatever transaction the step has open: DPS must never see an unclaimed device
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@Override
	public void open(ExecutionContext executionContext) {
		Integer reclaimed = this.ownTransaction.execute((status) -> this.queue.reclaimUnfinished(this.batch));
		if (reclaimed != null && reclaimed > 0) {
			logger.info("{} device(s) were with DPS when the previous run stopped; each is looked up before any "
					+ "new register call", reclaimed);
		}
		boolean fromStart = (reclaimed != null && reclaimed > 0) || !executionContext.containsKey(POSITION);
		this.lastClaimed = fromStart ? 0 : executionContext.getLong(POSITION);
		this.lastRead = this.lastClaimed;
		this.buffer.clear();
		this.exhausted = false;
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putLong(POSITION, this.lastClaimed);
	}

	/** Whether PENDING devices may be left to hand out. */
	boolean hasMore() {
		return !this.buffer.isEmpty() || !this.exhausted;
	}

	/** Up to {@code max} PENDING devices, in line order, claimed and committed; empty when none is left. */
	public List<PendingDevice> claimNext(int max) {
		List<PendingDevice> next = new ArrayList<>(Math.max(max, 0));
		while (next.size() < max && (!this.buffer.isEmpty() || readPage())) {
			next.add(this.buffer.poll());
		}
		if (!next.isEmpty()) {
			this.ownTransaction.executeWithoutResult(
					(status) -> this.queue.markRegistering(this.batch, next, this.clock.instant()));
			this.lastClaimed = next.get(next.size() - 1).line();
		}
		return next;
	}

	private boolean readPage() {
		if (this.exhausted) {
			return false;
		}
		List<PendingDevice> page = this.queue.pending(this.batch, this.lastRead, PAGE);
		if (page.isEmpty()) {
			this.exhausted = true;
			return false;
		}
		this.buffer.addAll(page);
		this.lastRead = page.get(page.size() - 1).line();
		return true;
	}

}
