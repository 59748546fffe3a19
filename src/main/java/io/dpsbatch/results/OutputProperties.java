package io.dpsbatch.results;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code batch.*} properties.
 *
 * @param outputDir where batch folders ({@code <output-dir>/<batch>/}) are written
 */
@ConfigurationProperties("batch")
public record OutputProperties(@DefaultValue("./out") Path outputDir) {
}
