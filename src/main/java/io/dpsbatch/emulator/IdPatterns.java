package io.dpsbatch.emulator;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Registration IDs or {@code *} globs ({@code *} is any run of characters, everything
 * else is literal), matched without regard to case because DPS registration IDs are
 * case-insensitive.
 */
final class IdPatterns {

	private final List<Pattern> patterns;

	private final List<String> globs;

	IdPatterns(List<String> globs) {
		this.globs = List.copyOf(globs);
		this.patterns = this.globs.stream().map(IdPatterns::compile).toList();
	}

	boolean matches(String registrationId) {
		for (Pattern pattern : this.patterns) {
			if (pattern.matcher(registrationId).matches()) {
				return true;
			}
		}
		return false;
	}

	private static Pattern compile(String glob) {
		StringBuilder regex = new StringBuilder();
		int start = 0;
		for (int star = glob.indexOf('*'); star >= 0; star = glob.indexOf('*', start)) {
			regex.append(Pattern.quote(glob.substring(start, star))).append(".*");
			start = star + 1;
		}
		regex.append(Pattern.quote(glob.substring(start)));
		return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
	}

	@Override
	public String toString() {
		return this.globs.toString().toLowerCase(Locale.ROOT);
	}

}
