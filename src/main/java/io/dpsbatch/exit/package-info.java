/**
 * How a command ends: the exit codes of the public interface, and the failures that carry one. Every other
 * package may throw a {@link io.dpsbatch.exit.HasExitCode}; only the command line turns it into a process
 * exit code.
 */
package io.dpsbatch.exit;
