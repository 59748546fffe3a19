/**
 * The output files of a batch, all views of the results store written again whenever
 * asked: credentials.csv (or credentials.csv.p7m, encrypted for
 * {@code batch.credentials-recipients}), failures.csv, rejects.csv, summary.json and
 * report.html, in a folder only its owner may enter.
 * <p>
 * Entry point: {@link io.dpsbatch.output.BatchExporter}, configured by
 * {@link io.dpsbatch.output.OutputProperties} ({@code batch.*}); it fails with
 * {@link io.dpsbatch.output.OutputFolderException} or
 * {@link io.dpsbatch.output.CredentialRecipientsException}.
 */
package io.dpsbatch.output;
