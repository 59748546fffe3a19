package io.dpsbatch.exit;

/**
 * A failure that knows how the command it stops ends: its exit code, and a message fit
 * for the operator (never a key). The command line shows the message of the first such
 * failure in a chain of causes and ends with its code; anything else ends
 * {@link ExitCode#FAILED}.
 */
public interface HasExitCode {

	ExitCode exitCode();

}
