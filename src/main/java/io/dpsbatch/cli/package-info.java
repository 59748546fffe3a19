/**
 * The command line: one picocli command per class ({@code provision},
 * {@code retry-failed}, {@code status}, {@code export}, {@code derive-key},
 * {@code emulator}), each run inside the Spring context it needs
 * ({@code SpringContexts}), and how a failure becomes a message and an exit code
 * ({@code Failures}, {@code ExitCodes}). {@code --emulator} is wired here
 * ({@code ProvisioningTargetConfiguration}, {@code EnrollmentsAtEmulator}), so nothing
 * below knows whether DPS is real; text from outside is printed through
 * {@code ConsoleText}.
 * <p>
 * Entry point and only public type: {@link io.dpsbatch.cli.Cli#runAsProcess}.
 */
package io.dpsbatch.cli;
