package io.dpsbatch.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * SIGTERM and Ctrl-C as a request to stop, not an abrupt end. The JVM answers those
 * signals by running its shutdown hooks and exiting as soon as they return, with status
 * 143 or 130. This hook instead asks the running command to stop (a provisioning run
 * stops at its next safe point and records its state), waits a bounded time for the
 * command to return, and then ends the process itself with the command's exit code
 * ({@link ExitCodes#FAILED} for an interrupted run), which is what operators' scripts
 * test.
 * <p>
 * Only the process's {@code main} installs it; commands run in-process (tests) never see
 * a signal, and their registrations are ignored. A command that registered nothing is
 * ended at once with {@link ExitCodes#FAILED}: what it has written is crash-safe anyway.
 */
final class Interruption {

	private static volatile Interruption installed;

	private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

	private volatile Stop stop;

	private Interruption() {
	}

	/** Makes SIGTERM and Ctrl-C stop this process's command in order. */
	static Interruption install() {
		Interruption interruption = new Interruption();
		Runtime.getRuntime().addShutdownHook(new Thread(interruption::onShutdown, "dps-batch-interruption"));
		installed = interruption;
		return interruption;
	}

	/**
	 * Tells the installed hook, if any, how to stop the command that is running.
	 * @param action asks the command to stop; called on the signal's thread, must return
	 * at once
	 * @param limit how long the command may then take to return
	 * @param ifLate what the operator is told when the command has not returned by then
	 */
	static void whileRunning(Runnable action, Duration limit, String ifLate) {
		Interruption interruption = installed;
		if (interruption != null) {
			interruption.stop = new Stop(action, limit, ifLate);
		}
	}

	/**
	 * Ends the process with the command's exit code; during an interruption, the hook
	 * does it.
	 */
	void exit(int code) {
		this.exitCode.complete(code);
		// blocks for good if a signal already started the shutdown: the hook then halts
		// with this code
		System.exit(code);
	}

	private void onShutdown() {
		Stop stop = this.stop;
		int code;
		if (this.exitCode.isDone() || stop == null) {
			// the command has returned and is exiting, or there is nothing to stop in
			// order
			code = this.exitCode.getNow(ExitCodes.FAILED);
		}
		else {
			stop.action().run();
			code = awaitExitCode(stop);
		}
		System.out.flush();
		System.err.flush();
		// without this the JVM would exit with 128 + the signal's number once the hooks
		// return
		Runtime.getRuntime().halt(code);
	}

	private int awaitExitCode(Stop stop) {
		try {
			return this.exitCode.get(stop.limit().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			System.err.println("error: " + stop.ifLate());
			return ExitCodes.FAILED;
		}
		catch (InterruptedException | ExecutionException ex) {
			return ExitCodes.FAILED;
		}
	}

	private record Stop(Runnable action, Duration limit, String ifLate) {
	}

}
