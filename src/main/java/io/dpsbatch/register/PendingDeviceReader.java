package io.dpsbatch.register;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.dpsbatch.store.DeviceQueue;
import io.dpsbatch.store.PendingDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The register step's source: the batch's PENDING devices in line order, read from the
 * store a page at a time. An {@link ItemStreamReader} rather than a class of its own
 * because reading is all it does, as Spring Batch's readers do: it marks nothing. The
 * {@link InFlightWindow} marks the devices it is given REGISTERING where it sends them,
 * so every device the step reads is counted (READ_COUNT) and every device DPS may see is
 * marked.
 * <p>
 * It saves no position: the device statuses are the process indicator. {@link #open}
 * returns to the queue the devices a stopped run left REGISTERING (each to be looked up
 * before any register call), and the step reads from the first PENDING line; a device
 * read and sent is REGISTERING, so no run reads it again.
 */
public class PendingDeviceReader implements ItemStreamReader<PendingDevice> {

	private static final Logger logger = LoggerFactory.getLogger(PendingDeviceReader.class);

	/** PENDING devices read from the store at a time. */
	private static final int PAGE = 1000;

	private final String batch;

	private final DeviceQueue queue;

	private final TransactionTemplate ownTransaction;

	private final Deque<PendingDevice> page = new ArrayDeque<>();

	private long lastRead;

	private boolean exhausted;

	PendingDeviceReader(String batch, DeviceQueue queue, PlatformTransactionManager transactionManager) {
		this.batch = batch;
		this.queue = queue;
		// committed before the step's first transaction: those devices are PENDING again
		// for the whole step
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@Override
	public void open(ExecutionContext executionContext) {
		Integer requeued = this.ownTransaction.execute((status) -> this.queue.requeueUnfinished(this.batch));
		if (requeued != null && requeued > 0) {
			logger.info("{} device(s) were with DPS when the previous run stopped; each is looked up before any "
					+ "new register call", requeued);
		}
		this.lastRead = 0;
		this.page.clear();
		this.exhausted = false;
	}

	/** The next PENDING device in line order, or null when none is left. */
	@Override
	public PendingDevice read() {
		if (this.page.isEmpty() && !readPage()) {
			return null;
		}
		return this.page.poll();
	}

	private boolean readPage() {
		if (this.exhausted) {
			return false;
		}
		List<PendingDevice> next = this.queue.pending(this.batch, this.lastRead, PAGE);
		if (next.isEmpty()) {
			this.exhausted = true;
			return false;
		}
		this.page.addAll(next);
		this.lastRead = next.get(next.size() - 1).line();
		return true;
	}

}
