package io.dpsbatch;

import io.dpsbatch.cli.Cli;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** dps-batch: runs the command given on the command line and exits with its exit code. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DpsBatchApplication {

	private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

	public static void main(String[] args) {
		// The JDK's HTTP client hands every response over to CompletableFuture's default executor, which
		// on a machine with fewer than 3 cores (common pool parallelism 1) starts a new thread per task: a
		// thread per DPS answer, thousands a second. Two workers in the common pool avoid that; it must be
		// set before the pool is first used, and an operator's own -D setting wins.
		if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
			System.setProperty(COMMON_POOL_PARALLELISM, "2");
		}
		System.exit(Cli.run(DpsBatchApplication.class, args));
	}

}
