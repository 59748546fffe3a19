package io.dpsbatch.output;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code batch.*} properties.
 *
 * @param outputDir where batch folders ({@code <output-dir>/<batch>/}) are written
 * @param credentialsRecipients PEM certificates of the flashing stations (and escrow)
 * that may read the credentials: when set, {@code credentials.csv.p7m} (CMS, see
 * {@link CredentialRecipients}) replaces {@code credentials.csv}
 */
@ConfigurationProperties("batch")
public record OutputProperties(@DefaultValue("./out") Path outputDir, List<Path> credentialsRecipients) {

	public OutputProperties {
		credentialsRecipients = (credentialsRecipients != null) ? List.copyOf(credentialsRecipients) : List.of();
	}

}
