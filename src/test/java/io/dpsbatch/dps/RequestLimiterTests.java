package io.dpsbatch.dps;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestLimiterTests {

	/** The requests started so far, in order, each with the future the test completes. */
	private final List<Started> started = new ArrayList<>();

	private record Started(String name, CompletableFuture<String> response) {
	}

	private CompletableFuture<String> submit(RequestLimiter limiter, String name) {
		return limiter.submit(() -> started(name));
	}

	private CompletableFuture<String> started(String name) {
		CompletableFuture<String> response = new CompletableFuture<>();
		this.started.add(new Started(name, response));
		return response;
	}

	private List<String> startedNames() {
		return this.started.stream().map(Started::name).toList();
	}

	@Test
	void requestsBeyondTheBoundWaitWithoutAThreadAndStartInTheOrderTheyCame() throws Exception {
		RequestLimiter limiter = new RequestLimiter(1);
		CompletableFuture<String> a = submit(limiter, "a");
		CompletableFuture<String> b = submit(limiter, "b");
		CompletableFuture<String> c = submit(limiter, "c");

		// submit returned at once for all three; only the first is on the wire
		assertThat(startedNames()).containsExactly("a");
		assertThat(limiter.waiting()).isEqualTo(2);
		assertThat(b).isNotDone();

		this.started.get(0).response().complete("A");
		assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("A");
		assertThat(startedNames()).containsExactly("a", "b");
		this.started.get(1).response().complete("B");
		assertThat(startedNames()).containsExactly("a", "b", "c");
		this.started.get(2).response().complete("C");
		assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("B");
		assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo("C");
		assertThat(limiter.inUse()).isZero();
	}

	@Test
	void followUpsGoAheadOfNewWorkInTheirOwnOrder() {
		RequestLimiter limiter = new RequestLimiter(1);
		submit(limiter, "a");
		submit(limiter, "new-1");
		submit(limiter, "new-2");
		limiter.submit(() -> started("poll-1"), true);
		limiter.submit(() -> started("poll-2"), true);

		for (int i = 0; i < 5; i++) {
			this.started.get(i).response().complete("ok");
		}

		assertThat(startedNames()).containsExactly("a", "poll-1", "poll-2", "new-1", "new-2");
	}

	@Test
	void aFailedRequestFreesItsSlotAndItsCallerGetsTheFailure() {
		RequestLimiter limiter = new RequestLimiter(1);
		CompletableFuture<String> a = submit(limiter, "a");
		submit(limiter, "b");

		IOException broken = new IOException("connection reset");
		this.started.get(0).response().completeExceptionally(broken);

		assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCause(broken);
		assertThat(startedNames()).containsExactly("a", "b");
		assertThat(limiter.inUse()).isEqualTo(1);
	}

	@Test
	void aTimedOutRequestFreesItsSlot() {
		RequestLimiter limiter = new RequestLimiter(1);
		CompletableFuture<String> a = limiter.submit(() -> new CompletableFuture<String>()
			.orTimeout(50, TimeUnit.MILLISECONDS)
			.exceptionallyCompose((failure) -> CompletableFuture.failedFuture(new HttpTimeoutException("timed out"))));
		CompletableFuture<String> b = submit(limiter, "b");

		assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(HttpTimeoutException.class);
		assertThat(startedNames()).containsExactly("b");
		assertThat(b).isNotDone();
	}

	@Test
	void aRequestThatCannotEvenStartFreesItsSlot() throws Exception {
		RequestLimiter limiter = new RequestLimiter(1);
		IllegalStateException refused = new IllegalStateException("executor shut down");
		CompletableFuture<String> a = limiter.submit(() -> {
			throw refused;
		});
		CompletableFuture<String> b = submit(limiter, "b");

		assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS)).hasCause(refused);
		assertThat(startedNames()).containsExactly("b");
		this.started.get(0).response().complete("B");
		assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("B");
	}

	@Test
	void aRequestCancelledWhileItWaitsNeverStartsAndTheNextTakesItsTurn() throws Exception {
		RequestLimiter limiter = new RequestLimiter(1);
		submit(limiter, "a");
		CompletableFuture<String> b = submit(limiter, "b");
		CompletableFuture<String> c = submit(limiter, "c");

		b.cancel(false);
		this.started.get(0).response().complete("A");

		assertThat(startedNames()).containsExactly("a", "c");
		assertThat(limiter.inUse()).isEqualTo(1);
		assertThat(limiter.waiting()).isZero();
		this.started.get(1).response().complete("C");
		assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo("C");
	}

	@Test
	void cancellingARequestInProgressCancelsItAndFreesItsSlot() {
		RequestLimiter limiter = new RequestLimiter(1);
		CompletableFuture<String> a = submit(limiter, "a");
		submit(limiter, "b");

		a.cancel(false);

		assertThat(this.started.get(0).response()).isCancelled();
		assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
		assertThat(startedNames()).containsExactly("a", "b");
		assertThat(limiter.inUse()).isEqualTo(1);
	}

	@Test
	void theBoundStartsSmallAndGrowsWithEachAnswerUpToTheMaximum() {
		RequestLimiter limiter = new RequestLimiter(10);
		for (int i = 0; i < 30; i++) {
			submit(limiter, "r" + i);
		}
		assertThat(limiter.inUse()).isEqualTo(RequestLimiter.INITIAL_SLOTS);

		// each answer frees its slot and adds one: two more start
		this.started.get(0).response().complete("ok");
		assertThat(limiter.slots()).isEqualTo(RequestLimiter.INITIAL_SLOTS + 1);
		assertThat(limiter.inUse()).isEqualTo(RequestLimiter.INITIAL_SLOTS + 1);

		for (int i = 1; i < 20; i++) {
			this.started.get(i).response().complete("ok");
		}
		assertThat(limiter.slots()).isEqualTo(10);
		assertThat(limiter.inUse()).isEqualTo(10);
	}

	@Test
	void failuresDoNotGrowTheBound() {
		RequestLimiter limiter = new RequestLimiter(10);
		for (int i = 0; i < 30; i++) {
			submit(limiter, "r" + i);
		}
		for (int i = 0; i < 5; i++) {
			this.started.get(i).response().completeExceptionally(new IOException("refused"));
		}
		assertThat(limiter.slots()).isEqualTo(RequestLimiter.INITIAL_SLOTS);
		assertThat(limiter.inUse()).isEqualTo(RequestLimiter.INITIAL_SLOTS);
	}

}
