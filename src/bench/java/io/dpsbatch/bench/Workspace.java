package io.dpsbatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where the benchmark runs: the project, its jar, target/bench/ (a folder of its own for
 * every scenario), the JDK it runs on and whether it profiles.
 *
 * @param launcherArchive the class data archive ./dps-batch prepares next to the
 * extracted jar (bench/run.sh has it do so)
 * @param java the java command the benchmark itself runs on, used for every process it
 * starts
 */
record Workspace(Path root, Path jar, Path launcherArchive, Path work, String java, boolean profile) {

	static Workspace at(Path root, boolean profile) {
		return new Workspace(root, root.resolve("target/dps-batch.jar"), root.resolve("target/app/dps-batch.jsa"),
				root.resolve("target/bench"), ProcessHandle.current().info().command().orElse("java"), profile);
	}

	/** A JDK tool next to {@link #java}: jcmd, javac. */
	String jdkTool(String name) {
		return Path.of(this.java).resolveSibling(isWindows() ? name + ".exe" : name).toString();
	}

	/** A fresh, empty folder for a scenario or a run under target/bench/. */
	Path freshFolder(String name) throws IOException {
		Path dir = this.work.resolve(name);
		if (Files.exists(dir)) {
			try (Stream<Path> paths = Files.walk(dir)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
		return Files.createDirectories(dir);
	}

	static boolean isWindows() {
		return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
	}

}
