package io.dpsbatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar target/dps-batch.jar ...} in a process of its own, as an operator runs
 * it (Failsafe runs after {@code package}, so the jar is there), with its standard output
 * and error captured line by line while it runs. Signals are sent the way an operator or
 * a supervisor does: {@link #kill()} is {@code kill -9}, {@link #terminate()} is
 * {@code kill} (SIGTERM).
 */
final class JarProcess implements AutoCloseable {

	static final Path JAR = Path.of("target/dps-batch.jar").toAbsolutePath();

	/** Exit status of a process ended by SIGKILL (128 + 9). */
	static final int KILLED = 137;

	private final Process process;

	private final List<String> out = new CopyOnWriteArrayList<>();

	private final List<String> err = new CopyOnWriteArrayList<>();

	private final CountDownLatch streamsRead = new CountDownLatch(2);

	private JarProcess(Process process) {
		this.process = process;
		collect(process.getInputStream(), this.out);
		collect(process.getErrorStream(), this.err);
	}

	/**
	 * Starts the jar in {@code workDir}, so that no config/application.yml of the project
	 * applies.
	 */
	static JarProcess start(Path workDir, List<String> args) {
		assertThat(JAR).as("the packaged jar (run the tests with 'mvn verify')").exists();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// these runs last seconds, in which C2 compiling would take more CPU than it
		// saves (twice the total)
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-jar");
		command.add(JAR.toString());
		command.addAll(args);
		try {
			Files.createDirectories(workDir);
			return new JarProcess(new ProcessBuilder(command).directory(workDir.toFile()).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits (generously) until a line of standard error matches, and returns it. */
	String awaitErr(Predicate<String> line, Duration limit) {
		return await(this.err, line, limit);
	}

	/** Waits (generously) until a line of standard output matches, and returns it. */
	String awaitOut(Predicate<String> line, Duration limit) {
		return await(this.out, line, limit);
	}

	private String await(List<String> lines, Predicate<String> line, Duration limit) {
		await(() -> lines.stream().anyMatch(line), limit);
		return lines.stream().filter(line).findFirst().orElseThrow();
	}

	/**
	 * Waits (generously) for a condition while the process runs; fails if it ends first.
	 */
	void await(BooleanSupplier condition, Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			if (!this.process.isAlive()) {
				awaitExit(Duration.ofSeconds(10));
				if (condition.getAsBoolean()) {
					return;
				}
				throw new AssertionError("the process ended before the awaited condition\n" + this);
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met within " + limit + "\n" + this);
			}
			sleep(10);
		}
	}

	/**
	 * SIGKILL: the JVM gets no chance to do anything, like {@code kill -9} or a power
	 * cut.
	 */
	int kill() {
		// through the handle: Process.destroyForcibly() would also close the output
		// streams being read
		this.process.toHandle().destroyForcibly();
		return awaitExit(Duration.ofSeconds(30));
	}

	/**
	 * SIGTERM, as {@code kill} or a supervisor stopping a service sends it (Ctrl-C is the
	 * same path).
	 */
	void terminate() {
		this.process.toHandle().destroy();
	}

	/**
	 * The exit code, once the process has ended; fails if it has not ended within
	 * {@code limit}.
	 */
	int awaitExit(Duration limit) {
		try {
			if (!this.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError("still running after " + limit + "\n" + this);
			}
			// so that the output captured is all of it
			this.streamsRead.await(10, TimeUnit.SECONDS);
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	String out() {
		return String.join("\n", this.out);
	}

	String err() {
		return String.join("\n", this.err);
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

	@Override
	public String toString() {
		return "pid " + this.process.pid()
				+ (this.process.isAlive() ? " (running)" : " (exit " + this.process.exitValue() + ")") + "\n--- out\n"
				+ out() + "\n--- err\n" + err();
	}

	private void collect(InputStream stream, List<String> lines) {
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					lines.add(line);
				}
			}
			catch (IOException ex) {
				lines.add("(reading the process's output failed: " + ex + ")");
			}
			finally {
				this.streamsRead.countDown();
			}
		}, "jar-output-" + this.process.pid());
		reader.setDaemon(true);
		reader.start();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
