package io.dpsbatch.emulator;

/**
 * Which device API call a request path names. Path segments are percent-decoded one by
 * one (C and C# clients encode them, Java sends them raw), after splitting, so that an
 * encoded {@code /} cannot make up a route.
 *
 * @param call the call, or {@link Call#NONE}
 * @param idScope the ID scope segment
 * @param registrationId the decoded registration ID; {@code null} when its encoding is
 * invalid
 * @param operationId the decoded operation ID of a poll
 */
record DpsRoute(Call call, String idScope, String registrationId, String operationId) {

	private static final DpsRoute NONE = new DpsRoute(Call.NONE, null, null, null);

	enum Call {

		REGISTER("PUT"), POLL("GET"), LOOKUP("POST"), NONE(null);

		private final String method;

		Call(String method) {
			this.method = method;
		}

		String method() {
			return this.method;
		}

	}

	/**
	 * {@code PUT /{idScope}/registrations/{registrationId}/register}, {@code GET
	 * /{idScope}/registrations/{registrationId}/operations/{operationId}}, {@code POST
	 * /{idScope}/registrations/{registrationId}}.
	 */
	static DpsRoute parse(String rawPath) {
		if (rawPath == null || !rawPath.startsWith("/")) {
			return NONE;
		}
		String[] segments = rawPath.substring(1).split("/", -1);
		if (segments.length < 3 || segments.length > 5 || !"registrations".equalsIgnoreCase(segments[1])) {
			return NONE;
		}
		for (String segment : segments) {
			if (segment.isEmpty()) {
				return NONE;
			}
		}
		String idScope = decodeOrNull(segments[0]);
		String registrationId = decodeOrNull(segments[2]);
		if (idScope == null) {
			return NONE;
		}
		if (segments.length == 3) {
			return new DpsRoute(Call.LOOKUP, idScope, registrationId, null);
		}
		if (segments.length == 4 && "register".equalsIgnoreCase(segments[3])) {
			return new DpsRoute(Call.REGISTER, idScope, registrationId, null);
		}
		if (segments.length == 5 && "operations".equalsIgnoreCase(segments[3])) {
			String operationId = decodeOrNull(segments[4]);
			return (operationId != null) ? new DpsRoute(Call.POLL, idScope, registrationId, operationId) : NONE;
		}
		return NONE;
	}

	/** A path segment decoded, {@code null} when its encoding is invalid. */
	static String decodeOrNull(String segment) {
		try {
			return PercentDecoding.decode(segment);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
