package io.dpsbatch;

import io.dpsbatch.cli.Cli;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** dps-batch: runs the command given on the command line and exits with its exit code. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DpsBatchApplication {

	/** The JDK's default: no Basic authentication for HTTPS tunnels through a proxy. */
	private static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

	private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

	public static void main(String[] args) {
		// The JDK's HTTP client hands every response over to CompletableFuture's default executor, which
		// on a machine with fewer than 3 cores (common pool parallelism 1) starts a new thread per task: a
		// thread per DPS answer, thousands a second. Two workers in the common pool avoid that; it must be
		// set before the pool is first used, and an operator's own -D setting wins.
		if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
			System.setProperty(COMMON_POOL_PARALLELISM, "2");
		}
		// factory proxies ask for Basic credentials (dps.proxy=http://user:password@host:port); the JDK reads
		// this once, when its HTTP client is first used, so it is set before anything else runs. It only
		// matters when a proxy with credentials is configured: no other authenticator is ever installed.
		if (System.getProperty(TUNNELING_DISABLED_SCHEMES) == null) {
			System.setProperty(TUNNELING_DISABLED_SCHEMES, "");
		}
		Cli.runAsProcess(DpsBatchApplication.class, args);
	}

}
