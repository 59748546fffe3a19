package io.dpsbatch.manifest;

import java.util.regex.Pattern;

/**
 * JDBC URLs as they may be shown: logs, messages and the results store never see a
 * password in one.
 */
final class JdbcUrls {

	/** {@code //user:password@host}: the user information of a URL-style JDBC URL. */
	private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");

	private JdbcUrls() {
	}

	/**
	 * The URL without its parameters ({@code ?...} for PostgreSQL, {@code ;...} for H2),
	 * where a password may be, and without user information.
	 */
	static String withoutSecrets(String url) {
		if (url == null) {
			return null;
		}
		String shown = USER_INFO.matcher(url).replaceFirst("//");
		int parameters = indexOfAny(shown, '?', ';');
		return (parameters >= 0) ? shown.substring(0, parameters) : shown;
	}

	private static int indexOfAny(String text, char first, char second) {
		int a = text.indexOf(first);
		int b = text.indexOf(second);
		return (a < 0) ? b : (b < 0) ? a : Math.min(a, b);
	}

}
