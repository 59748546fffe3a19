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

	public static void main(String[] args) {
		// factory proxies ask for Basic credentials (dps.proxy=http://user:password@host:port); the JDK reads
		// this once, when its HTTP client is first used, so it is set before anything else runs. It only
		// matters when a proxy with credentials is configured: no other authenticator is ever installed.
		if (System.getProperty(TUNNELING_DISABLED_SCHEMES) == null) {
			System.setProperty(TUNNELING_DISABLED_SCHEMES, "");
		}
		Cli.runAsProcess(DpsBatchApplication.class, args);
	}

}
