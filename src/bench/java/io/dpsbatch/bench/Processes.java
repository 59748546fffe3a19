package io.dpsbatch.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Processes the benchmark starts: waited for within a deadline, their CPU time sampled.
 */
final class Processes {

	private Processes() {
	}

	/**
	 * Waits for the process within the deadline (killing it past it), sampling its CPU
	 * time into {@code cpu} on the way and calling {@code everySecond} with its pid about
	 * once a second.
	 * @return its exit code, -1 when it was killed
	 */
	static int waitFor(Process process, Instant deadline, AtomicReference<Duration> cpu, LongConsumer everySecond)
			throws InterruptedException {
		long ticks = 0;
		while (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
			process.info().totalCpuDuration().ifPresent(cpu::set);
			if (++ticks % 2 == 0) {
				everySecond.accept(process.pid());
			}
			if (Instant.now().isAfter(deadline)) {
				System.err.println("time limit reached: stopping " + process.pid());
				process.destroyForcibly();
				process.waitFor();
				return -1;
			}
		}
		return process.exitValue();
	}

	/**
	 * Copies the JFR recording of a running provision process to its file: the command
	 * ends with {@code Runtime.halt} (to keep its exit code through a signal), which
	 * skips JFR's own dump at exit, so the profile is the last copy taken, at most a
	 * second before the end.
	 */
	static void dumpRecording(Workspace workspace, long pid, Path file) {
		try {
			Path copy = file.resolveSibling(file.getFileName() + ".part");
			Process dump = new ProcessBuilder(workspace.jdkTool("jcmd"), Long.toString(pid), "JFR.dump", "name=1",
					"filename=" + copy)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			// a copy cut short by the end of the process is left aside: the previous one
			// stays
			if (dump.waitFor(10, TimeUnit.SECONDS) && dump.exitValue() == 0 && Files.isRegularFile(copy)) {
				Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			// no jcmd: the recording stays empty and the profile says so
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Compiles bench/{@code name}.java, a peer with a class path of its own, against what
	 * Maven resolves from {@code pom} (into target/bench/{@code name}/) and returns the
	 * class path to run it with.
	 */
	static String compilePeer(Workspace workspace, String name, String pom) throws IOException, InterruptedException {
		Path dir = Files.createDirectories(workspace.work().resolve(name));
		Path classpathFile = dir.resolve("classpath.txt");
		String mvnw = workspace.root().resolve(Workspace.isWindows() ? "mvnw.cmd" : "mvnw").toString();
		exec(workspace, List.of(mvnw, "-B", "-ntp", "-q", "-f", pom, "dependency:build-classpath",
				"-Dmdep.outputFile=" + classpathFile));
		String classpath = Files.readString(classpathFile).trim();
		Path classes = dir.resolve("classes");
		exec(workspace, List.of(workspace.jdkTool("javac"), "-nowarn", "-d", classes.toString(), "-cp", classpath,
				"bench/" + name + ".java"));
		return classes + File.pathSeparator + classpath;
	}

	private static void exec(Workspace workspace, List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(workspace.root().toFile()).inheritIO().start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException("failed: " + String.join(" ", command));
		}
	}

}
