/**
 * Reading and validating device manifests.
 * <p>
 * A CSV manifest is UTF-8 text (a byte order mark is accepted, anything that is not UTF-8
 * is refused), RFC 4180, with a header row whose names are trimmed and matched without
 * regard to case. It is checked at two levels:
 * <ul>
 * <li><b>The file</b> ({@link io.dpsbatch.manifest.CsvManifest#scan},
 * {@link io.dpsbatch.manifest.ManifestFormatException}): readable, not empty, UTF-8
 * without NUL characters, a header with a {@code registrationId} column, unique non-empty
 * names none of which is an output column of the tool, balanced quotes, no record over 1
 * MiB. Any of these stops the command before anything is registered.</li>
 * <li><b>Each row</b> ({@link io.dpsbatch.manifest.ManifestRowValidator}): a row that
 * cannot be registered is rejected with a reason and the others go ahead. A row with more
 * fields than the header is rejected; a row with fewer is rejected if it lacks the
 * registrationId or payload cell, and otherwise its missing trailing attribute cells are
 * empty. A registration ID with whitespace around it is rejected, not trimmed.</li>
 * </ul>
 * Empty lines and rows whose cells are all empty are skipped; line numbers are always
 * those of the file, where a row starts. Reading streams in constant memory.
 * <p>
 * {@code provision --from-db} reads the devices from the factory database instead
 * ({@link io.dpsbatch.manifest.ManifestDatabase}, {@code manifest.query} on
 * {@code manifest.datasource.*}): {@link io.dpsbatch.manifest.JdbcManifestReader} gives
 * the same {@link io.dpsbatch.manifest.ManifestRow}s through a cursor, a row's line being
 * its position in the query's result, so that both sources share the row validation and
 * the rule for duplicate IDs ({@link io.dpsbatch.manifest.DuplicateIds}).
 */
package io.dpsbatch.manifest;
