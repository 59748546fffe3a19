/**
 * How a command ends: the exit codes of the public interface
 * ({@link io.dpsbatch.exit.ExitCode}), and the failures that carry one
 * ({@link io.dpsbatch.exit.HasExitCode}; {@link io.dpsbatch.exit.UsageError} for the
 * operator's mistakes, exit code 64). Every other package may throw them; only the
 * command line turns them into a process exit code.
 */
package io.dpsbatch.exit;
