package io.dpsbatch.job;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether the operator watches this run on a terminal, as opposed to a scheduler
 * collecting its output.
 */
public final class Terminal {

	private Terminal() {
	}

	public static boolean interactive() {
		Console console = System.console();
		if (console == null) {
			return false;
		}
		// from JDK 22, System.console() exists even when redirected; Console.isTerminal()
		// then tells
		try {
			Method isTerminal = Console.class.getMethod("isTerminal");
			return (Boolean) isTerminal.invoke(console);
		}
		catch (ReflectiveOperationException ex) {
			return true;
		}
	}

}
