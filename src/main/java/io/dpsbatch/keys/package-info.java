/**
 * Keys and what they sign: enrollment group keys and the device keys derived from them,
 * individual enrollments' keys files, and DPS's SAS tokens. A key is a secret: it never
 * appears in a {@code toString()}, an exception message or a log line.
 * <p>
 * Public types: {@link io.dpsbatch.keys.GroupKey} (derives
 * {@link io.dpsbatch.keys.DeviceKey}s), {@link io.dpsbatch.keys.EnrollmentKeys} (primary
 * and secondary), {@link io.dpsbatch.keys.IndividualKeysFile} (read when a key is needed)
 * with its {@link io.dpsbatch.keys.IndividualKeys}, {@link io.dpsbatch.keys.SasToken},
 * the service API's {@link io.dpsbatch.keys.ServiceConnectionString} (signs
 * {@link io.dpsbatch.keys.SasToken}s), and the failures
 * {@link io.dpsbatch.keys.InvalidKeyException} and
 * {@link io.dpsbatch.keys.KeysFileException} (exit 64).
 */
package io.dpsbatch.keys;
