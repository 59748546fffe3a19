package io.dpsbatch.emulator;

/** Reads a query string's parameters (percent-decoded, {@code +} left alone). */
final class QueryParameters {

	private QueryParameters() {
	}

	/** The first value of {@code name}; {@code null} when absent or not decodable. */
	static String first(String rawQuery, String name) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return null;
		}
		for (String parameter : rawQuery.split("&")) {
			int equals = parameter.indexOf('=');
			String parameterName = (equals >= 0) ? parameter.substring(0, equals) : parameter;
			if (parameterName.equals(name)) {
				try {
					return (equals >= 0) ? PercentDecoding.decode(parameter.substring(equals + 1)) : "";
				}
				catch (IllegalArgumentException ex) {
					return null;
				}
			}
		}
		return null;
	}

}
