/**
 * Text for people, shared by the packages that write log lines, messages and reports:
 * {@link io.dpsbatch.text.Durations}. It uses no other package of the application.
 */
package io.dpsbatch.text;
