package io.dpsbatch.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.dpsbatch.keys.DeviceKey;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.keys.SasToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uses the self-computed vectors of docs/dps.md#sas-test-vectors: group key {@code 8isr…}
 * derives {@code Jsm0…} for {@code sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6}; scope
 * {@code 0ne00000A0A}, se 1700000000.
 */
class SasVerifierTests {

	private static final GroupKey GROUP_KEY = GroupKey
		.fromBase64("8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegxkqIChbqOS9Egw==");

	private static final GroupKey OTHER_KEY = GroupKey.fromBase64("AAECAwQFBgcICQoLDA0ODw==");

	private static final String SCOPE = "0ne00000A0A";

	private static final String ID = "sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6";

	private static final long SE = 1700000000;

	/** An hour before the vectors' expiry. */
	private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(SE - 3600), ZoneOffset.UTC);

	private final Verifier verifier = new Verifier(new SasVerifier(CLOCK, null), List.of(GROUP_KEY));

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					0ne00000A0A%2Fregistrations%2Fsn-007-888-abc-mac-a1-b2-c3-d4-e5-f6 | t6/8JHWQuQgM9mXdYf/uIqa3dKECOEk9Rr4WrFV19q0= | &skn=registration
					0ne00000A0A%2fregistrations%2fsn-007-888-abc-mac-a1-b2-c3-d4-e5-f6 | d0v1ROtrJfDl1lL+6Gm6mCyZUBsvFsT3HgNEOWfYmE0= | &skn=registration
					0ne00000A0A/registrations/sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6     | hUOH8hSLSay+bfE5WjQhRmpIvWZdSog5Tlv8EyKqBg4= | &skn=
					0ne00000A0A%2Fregistrations%2Fsn-007-888-abc-mac-a1-b2-c3-d4-e5-f6 | t6/8JHWQuQgM9mXdYf/uIqa3dKECOEk9Rr4WrFV19q0= | ''
					""")
	void theReferenceVectorsOfEachSrSpellingAreAccepted(String sr, String signature, String skn) {
		String header = "SharedAccessSignature sr=" + sr + "&sig="
				+ URLEncoder.encode(signature, StandardCharsets.UTF_8) + "&se=" + SE + skn;

		assertThat(this.verifier.problem(header, SCOPE, ID)).isEmpty();
	}

	@Test
	void aSignatureSentWithoutUrlEncodingIsAcceptedToo() {
		String header = "SharedAccessSignature sr=0ne00000A0A%2fregistrations%2f" + ID
				+ "&sig=d0v1ROtrJfDl1lL+6Gm6mCyZUBsvFsT3HgNEOWfYmE0=&se=" + SE + "&skn=registration";

		assertThat(this.verifier.problem(header, SCOPE, ID)).isEmpty();
	}

	@Test
	void aTokenBuiltBySasTokenIsAccepted() {
		DeviceKey key = GROUP_KEY.deriveDeviceKey(ID);
		SasToken token = SasToken.create(SCOPE, ID, key, Instant.ofEpochSecond(SE));

		assertThat(this.verifier.problem(token.headerValue(), SCOPE, ID)).isEmpty();
	}

	@Test
	void theSignatureIsOverSrAsSentSoASwappedSpellingFails() {
		// the %2F signature presented with the %2f spelling
		String header = "SharedAccessSignature sr=0ne00000A0A%2fregistrations%2f" + ID
				+ "&sig=t6%2F8JHWQuQgM9mXdYf%2FuIqa3dKECOEk9Rr4WrFV19q0%3D&se=" + SE + "&skn=registration";

		assertThat(this.verifier.problem(header, SCOPE, ID))
			.hasValueSatisfying((problem) -> assertThat(problem).contains("signature does not match"));
	}

	@Test
	void srIsComparedWithoutRegardToCase() {
		String sr = "0NE00000a0a%2FREGISTRATIONS%2F" + ID.toUpperCase();

		assertThat(this.verifier.problem(header(GROUP_KEY, sr, SE, "&skn=registration"), SCOPE, ID)).isEmpty();
	}

	@Test
	void aKeyDerivedFromAnotherGroupKeyIsRefused() {
		assertThat(this.verifier.problem(header(OTHER_KEY, encodedResource(), SE, ""), SCOPE, ID)).isPresent();
	}

	@Test
	void theSecondAcceptedKeyIsTriedToo() {
		Verifier both = new Verifier(new SasVerifier(CLOCK, null), List.of(GROUP_KEY, OTHER_KEY));

		assertThat(both.problem(header(OTHER_KEY, encodedResource(), SE, ""), SCOPE, ID)).isEmpty();
	}

	@Test
	void anExpiredTokenIsRefused() {
		Verifier later = new Verifier(new SasVerifier(Clock.fixed(Instant.ofEpochSecond(SE), ZoneOffset.UTC), null),
				List.of(GROUP_KEY));

		assertThat(later.problem(header(GROUP_KEY, encodedResource(), SE, ""), SCOPE, ID))
			.hasValueSatisfying((problem) -> assertThat(problem).contains("expired"));
	}

	@Test
	void aTokenLivingLongerThanTheMaximumIsRefused() {
		Verifier strict = new Verifier(new SasVerifier(CLOCK, Duration.ofMinutes(30)), List.of(GROUP_KEY));

		assertThat(strict.problem(header(GROUP_KEY, encodedResource(), SE, ""), SCOPE, ID)).isPresent();
		assertThat(strict.problem(header(GROUP_KEY, encodedResource(), SE - 1800, ""), SCOPE, ID)).isEmpty();
	}

	@Test
	void aTokenForAnotherResourceIsRefused() {
		String sr = URLEncoder.encode(SCOPE + "/registrations/other-device", StandardCharsets.UTF_8);

		assertThat(this.verifier.problem(header(GROUP_KEY, sr, SE, ""), SCOPE, ID))
			.hasValueSatisfying((problem) -> assertThat(problem).contains("another resource"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Bearer x                                                          | not a SharedAccessSignature
			SharedAccessSignature                                             | not a SharedAccessSignature
			SharedAccessSignaturesr=a&sig=b&se=1                              | not a SharedAccessSignature
			SharedAccessSignature sr=a&sig=b                                  | lacks sr, sig or se
			SharedAccessSignature sr=a&sig=b&se=1&sr=a                        | sr twice
			SharedAccessSignature sr=a&sig&se=1                               | has no '='
			SharedAccessSignature sr=a&sig=%%%&se=1                           | malformed
			SharedAccessSignature sr=a&sig=b&se=-1                            | malformed
			SharedAccessSignature sr=a&sig=b&se=1&skn=iothubowner             | skn
			""")
	void malformedHeadersAreRefused(String header, String expectedProblem) {
		assertThat(this.verifier.problem(header, SCOPE, ID))
			.hasValueSatisfying((problem) -> assertThat(problem).contains(expectedProblem));
	}

	@Test
	void noHeaderIsRefused() {
		assertThat(this.verifier.problem(null, SCOPE, ID)).hasValue("no Authorization header");
	}

	@Test
	void aProblemNeverShowsTheSignature() {
		String header = header(OTHER_KEY, encodedResource(), SE, "");
		String signature = header.substring(header.indexOf("sig=") + 4, header.indexOf("&se="));

		assertThat(this.verifier.problem(header, SCOPE, ID).orElseThrow()).doesNotContain(signature);
	}

	private static String encodedResource() {
		return URLEncoder.encode(SCOPE + "/registrations/" + ID, StandardCharsets.UTF_8);
	}

	private static String header(GroupKey groupKey, String sr, long se, String sknPart) {
		return EmulatorClient.sasWithSr(sr, groupKey.deriveDeviceKey(ID), se, sknPart);
	}

	/**
	 * A verifier with group keys as the candidates, as an instance with those groups
	 * gives them.
	 */
	private record Verifier(SasVerifier sas, List<GroupKey> groupKeys) {

		Optional<String> problem(String authorization, String idScope, String registrationId) {
			List<InstanceEnrollments.Candidate> candidates = this.groupKeys.stream()
				.map((key) -> new InstanceEnrollments.Candidate(null, key, "group"))
				.toList();
			return Optional.ofNullable(this.sas.verify(authorization, idScope, registrationId, candidates).problem());
		}

	}

}
