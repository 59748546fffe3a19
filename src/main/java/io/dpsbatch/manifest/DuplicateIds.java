package io.dpsbatch.manifest;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The duplicate rule of a manifest, in one place: a row whose registration ID an earlier
 * row of the batch already has (IDs are case-insensitive in DPS,
 * {@link RegistrationIdRules#identityKey}) is rejected, naming that first row's line. The
 * import feeds it the lines the store already holds; the dry run, every row.
 */
public final class DuplicateIds {

	private final Map<String, Long> firstLines = new HashMap<>();

	/**
	 * Notes a device that is known to be on the given line already (imported in an
	 * earlier chunk).
	 */
	public void known(String identityKey, long line) {
		this.firstLines.put(identityKey, line);
	}

	/**
	 * Takes a valid row: the reason to reject it when an earlier row has its ID, or empty
	 * when it is the first (and is then remembered).
	 */
	public Optional<String> rejectIfRepeated(String registrationId, long line) {
		Long first = this.firstLines.putIfAbsent(RegistrationIdRules.identityKey(registrationId), line);
		return (first != null) ? Optional.of(reason(first)) : Optional.empty();
	}

	static String reason(long firstLine) {
		return "duplicate of the device on line " + firstLine + " (registration IDs are case-insensitive in DPS)";
	}

}
