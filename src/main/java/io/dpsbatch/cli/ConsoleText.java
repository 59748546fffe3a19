package io.dpsbatch.cli;

/**
 * Text from outside (manifest cells, header names, file names) made safe to print on a
 * terminal: control characters (an escape sequence can rewrite what an operator sees, or
 * retitle the window) and invisible formatting characters (bidirectional overrides,
 * zero-width spaces) are shown as {@code \}{@code uXXXX}.
 */
final class ConsoleText {

	private ConsoleText() {
	}

	static String printable(String text) {
		if (text == null || text.chars().noneMatch(ConsoleText::isHidden)) {
			return text;
		}
		StringBuilder shown = new StringBuilder(text.length() + 16);
		text.chars().forEach((c) -> {
			if (isHidden(c)) {
				shown.append(String.format("\\u%04x", c));
			}
			else {
				shown.append((char) c);
			}
		});
		return shown.toString();
	}

	private static boolean isHidden(int c) {
		return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
	}

}
