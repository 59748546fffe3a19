package io.dpsbatch.dps;

import java.util.regex.Pattern;

/** Short, safe descriptions of what DPS answered, for outcomes and exceptions. */
final class DpsErrors {

	static final int MAX_MESSAGE_LENGTH = 300;

	/**
	 * A SAS signature, should a body ever echo one: it is a bearer credential until it
	 * expires.
	 */
	private static final Pattern SIGNATURE = Pattern.compile("(?i)(sig=)[^&\\s\"',;]+");

	private DpsErrors() {
	}

	/**
	 * DPS's errorCode and message for an error reply, else its x-ms-error-code header,
	 * else the HTTP status.
	 */
	static Described describe(DpsReply reply, DpsJson json) {
		ProvisioningServiceErrorDetails details = json.errorDetails(reply.body()).orElse(null);
		String code = (details != null && details.errorCode() != null) ? details.errorCode()
				: reply.headers().firstValue("x-ms-error-code").orElse(String.valueOf(reply.status()));
		String message;
		if (details != null && details.message() != null && !details.message().isBlank()) {
			message = details.message();
		}
		else if (reply.body() != null && !reply.body().isBlank()) {
			message = "HTTP " + reply.status() + ": " + reply.body();
		}
		else {
			message = "HTTP " + reply.status();
		}
		return new Described(safe(code), safe(message));
	}

	/** Truncated to about 300 characters, signatures removed, on one line. */
	static String safe(String text) {
		if (text == null) {
			return null;
		}
		String oneLine = SIGNATURE.matcher(text).replaceAll("$1[hidden]").replaceAll("\\s+", " ").strip();
		return (oneLine.length() > MAX_MESSAGE_LENGTH) ? oneLine.substring(0, MAX_MESSAGE_LENGTH) + "..." : oneLine;
	}

	record Described(String code, String message) {
	}

}
