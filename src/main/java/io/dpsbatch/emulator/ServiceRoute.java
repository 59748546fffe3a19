package io.dpsbatch.emulator;

import java.util.Set;

/**
 * Which service API call a request names (docs/dps.md#service-api-endpoints). Service
 * paths begin with one of the collections {@code enrollments}, {@code enrollmentGroups}
 * and {@code registrations}; device API paths begin with an ID scope
 * ({@code /{idScope}/registrations/{id}}, at least three segments). So a path whose first
 * segment names a collection is the service API's, whatever follows: the service
 * {@code /registrations/{id}} has two segments, and an ID scope is never one of these
 * words (DPS's begin with {@code 0ne}; {@code emulator.id-scope} takes letters and digits
 * and the emulator refuses these three). Segments are percent-decoded after splitting, as
 * {@link DpsRoute} does.
 *
 * @param call the call, or {@link Call#NONE} for a service path that names no call
 * @param id the decoded registration or enrollment group ID; {@code null} for calls on
 * the collection or when its encoding is invalid
 */
record ServiceRoute(Call call, String id) {

	/** The first path segments of the service API, lower case. */
	static final Set<String> COLLECTIONS = Set.of("enrollments", "enrollmentgroups", "registrations");

	private static final ServiceRoute NONE = new ServiceRoute(Call.NONE, null);

	enum Call {

		/** {@code PUT|GET|DELETE /enrollments/{id}}. */
		ENROLLMENT("PUT", "GET", "DELETE"),

		/** {@code POST /enrollments/{id}/attestationmechanism}. */
		ENROLLMENT_ATTESTATION("POST"),

		/** {@code POST /enrollments}. */
		BULK("POST"),

		/** {@code POST /enrollments/query}. */
		QUERY("POST"),

		/** {@code GET /enrollmentGroups/{id}}. */
		GROUP("GET"),

		/** {@code POST /enrollmentGroups/{id}/attestationmechanism}. */
		GROUP_ATTESTATION("POST"),

		/** {@code GET|DELETE /registrations/{id}}. */
		REGISTRATION("GET", "DELETE"),

		NONE;

		private final Set<String> methods;

		Call(String... methods) {
			this.methods = Set.of(methods);
		}

		boolean allows(String method) {
			return this.methods.contains(method);
		}

		/** The methods as an {@code Allow} header lists them. */
		String allowed() {
			return String.join(", ", this.methods.stream().sorted().toList());
		}

	}

	/** Whether a raw path belongs to the service API. */
	static boolean claims(String rawPath) {
		if (rawPath == null || !rawPath.startsWith("/")) {
			return false;
		}
		int end = rawPath.indexOf('/', 1);
		String first = rawPath.substring(1, (end < 0) ? rawPath.length() : end);
		return COLLECTIONS.contains(first.toLowerCase(java.util.Locale.ROOT));
	}

	/**
	 * The call of a service path; {@code method} decides between an enrollment whose ID
	 * is {@code query} and the query ({@code POST /enrollments/query}), as it does in
	 * DPS.
	 */
	static ServiceRoute parse(String method, String rawPath) {
		if (!claims(rawPath)) {
			return NONE;
		}
		String[] segments = rawPath.substring(1).split("/", -1);
		for (String segment : segments) {
			if (segment.isEmpty()) {
				return NONE;
			}
		}
		String collection = segments[0].toLowerCase(java.util.Locale.ROOT);
		if (segments.length == 1) {
			return collection.equals("enrollments") ? new ServiceRoute(Call.BULK, null) : NONE;
		}
		String id = DpsRoute.decodeOrNull(segments[1]);
		boolean attestation = segments.length == 3 && "attestationmechanism".equalsIgnoreCase(segments[2]);
		if (segments.length > 3 || (segments.length == 3 && !attestation)) {
			return NONE;
		}
		return switch (collection) {
			case "enrollments" -> {
				if (attestation) {
					yield new ServiceRoute(Call.ENROLLMENT_ATTESTATION, id);
				}
				yield ("query".equalsIgnoreCase(segments[1]) && "POST".equals(method))
						? new ServiceRoute(Call.QUERY, null) : new ServiceRoute(Call.ENROLLMENT, id);
			}
			case "enrollmentgroups" -> new ServiceRoute(attestation ? Call.GROUP_ATTESTATION : Call.GROUP, id);
			default -> attestation ? NONE : new ServiceRoute(Call.REGISTRATION, id);
		};
	}

}
