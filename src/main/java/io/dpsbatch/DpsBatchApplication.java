package io.dpsbatch;

import io.dpsbatch.cli.Cli;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** dps-batch: runs the command given on the command line and exits with its exit code. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DpsBatchApplication {

	public static void main(String[] args) {
		Cli.runAsProcess(DpsBatchApplication.class, args);
	}

}
