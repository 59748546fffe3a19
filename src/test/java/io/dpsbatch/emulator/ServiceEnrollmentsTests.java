package io.dpsbatch.emulator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceEnrollmentsTests {

	private final ServiceEnrollments enrollments = new ServiceEnrollments(
			Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));

	static JsonNode enrollment(String registrationId, String keys) {
		return EmulatorJson.MAPPER.readTree("{\"registrationId\":\"" + registrationId
				+ "\",\"attestation\":{\"type\":\"symmetricKey\",\"symmetricKey\":" + keys + "}}");
	}

	static String key(int bytes) {
		return Base64.getEncoder().encodeToString(new byte[bytes]);
	}

	@Test
	void keysLeftOutAreGeneratedAs64Bytes() {
		ServiceEnrollments.Outcome outcome = this.enrollments.put("dev-1", enrollment("dev-1", "{}"),
				ServiceEnrollments.Mode.UPDATE, null);

		JsonNode created = outcome.enrollment().withKeys();
		assertThat(outcome.created()).isTrue();
		assertThat(Base64.getDecoder().decode(created.at("/attestation/symmetricKey/primaryKey").stringValue()))
			.hasSize(64);
		assertThat(Base64.getDecoder().decode(created.at("/attestation/symmetricKey/secondaryKey").stringValue()))
			.hasSize(64);
		assertThat(created.get("provisioningStatus").stringValue()).isEqualTo("enabled");
		assertThat(created.get("createdDateTimeUtc").stringValue()).isEqualTo("2026-03-01T10:00:00.0000000Z");
		assertThat(created.get("etag").stringValue()).isNotEmpty();
		assertThat(outcome.enrollment().withoutKeys().at("/attestation/symmetricKey").isEmpty()).isTrue();
	}

	@Test
	void keysGivenAre16To64BytesOfBase64() {
		assertThat(put("a", "{\"primaryKey\":\"" + key(16) + "\",\"secondaryKey\":\"" + key(64) + "\"}").failed())
			.isFalse();
		assertThat(put("b", "{\"primaryKey\":\"" + key(15) + "\"}").error()).isEqualTo(DpsError.BAD_REQUEST);
		assertThat(put("c", "{\"primaryKey\":\"" + key(65) + "\"}").error()).isEqualTo(DpsError.BAD_REQUEST);
		assertThat(put("d", "{\"primaryKey\":\"not base64!\"}").error()).isEqualTo(DpsError.BAD_REQUEST);
	}

	@Test
	void anUpdateWithoutKeysKeepsThem() {
		String primary = put("dev-1", "{}").enrollment().primary().toBase64();

		ServiceEnrollments.Outcome updated = put("DEV-1", "{}");

		assertThat(updated.created()).isFalse();
		assertThat(updated.enrollment().primary().toBase64()).isEqualTo(primary);
		assertThat(updated.enrollment().registrationId()).isEqualTo("dev-1");
	}

	@Test
	void theBulkModesRefuseWhatTheyMust() {
		String etag = put("dev-1", "{}").enrollment().etag();

		assertThat(this.enrollments.put("dev-1", enrollment("dev-1", "{}"), ServiceEnrollments.Mode.CREATE, null)
			.error()
			.errorCode()).isEqualTo(409201);
		assertThat(this.enrollments
			.put("dev-1", enrollment("dev-1", "{}"), ServiceEnrollments.Mode.UPDATE_IF_MATCH_ETAG, "\"other\"")
			.error()
			.errorCode()).isEqualTo(412001);
		assertThat(this.enrollments
			.put("dev-1", enrollment("dev-1", "{}"), ServiceEnrollments.Mode.UPDATE_IF_MATCH_ETAG, etag)
			.failed()).isFalse();
		assertThat(this.enrollments
			.put("dev-2", enrollment("dev-2", "{}"), ServiceEnrollments.Mode.UPDATE_IF_MATCH_ETAG, etag)
			.error()
			.errorCode()).isEqualTo(404201);
		assertThat(this.enrollments.delete("dev-2", null).error().errorCode()).isEqualTo(404201);
		assertThat(this.enrollments.delete("dev-1", "\"stale\"").error()).isEqualTo(DpsError.PRECONDITION_FAILED);
		assertThat(this.enrollments.delete("dev-1", "*").failed()).isFalse();
		assertThat(this.enrollments.find("dev-1")).isEmpty();
	}

	@Test
	void onlySymmetricKeyAttestationAndAMatchingIdAreTaken() {
		assertThat(
				this.enrollments
					.put("dev-1",
							EmulatorJson.MAPPER
								.readTree("{\"registrationId\":\"dev-1\",\"attestation\":{\"type\":\"tpm\"}}"),
							ServiceEnrollments.Mode.UPDATE, null)
					.error())
			.isEqualTo(DpsError.BAD_REQUEST);
		assertThat(
				this.enrollments.put("dev-1", enrollment("dev-2", "{}"), ServiceEnrollments.Mode.UPDATE, null).error())
			.isEqualTo(DpsError.BAD_REQUEST);
	}

	@Test
	void pagesFollowEachOtherWithoutGapsOrRepeats() {
		for (int i = 5; i >= 1; i--) {
			put("dev-" + i, "{}");
		}
		List<String> seen = new ArrayList<>();
		List<Integer> sizes = new ArrayList<>();
		String continuation = null;
		do {
			ServiceEnrollments.Page page = this.enrollments.page(continuation, 2);
			page.enrollments().forEach((enrollment) -> seen.add(enrollment.registrationId()));
			sizes.add(page.enrollments().size());
			continuation = page.continuation();
			if (seen.size() == 2) {
				// one deleted between pages does not shift the next page
				this.enrollments.delete("dev-1", null);
			}
		}
		while (continuation != null);

		assertThat(seen).containsExactly("dev-1", "dev-2", "dev-3", "dev-4", "dev-5");
		assertThat(sizes).containsExactly(2, 2, 1);
	}

	@Test
	void theLastPageOfAnExactMultipleHasNoContinuation() {
		put("dev-1", "{}");
		put("dev-2", "{}");

		assertThat(this.enrollments.page(null, 2).continuation()).isNull();
	}

	private ServiceEnrollments.Outcome put(String registrationId, String keys) {
		return this.enrollments.put(registrationId, enrollment(registrationId, keys), ServiceEnrollments.Mode.UPDATE,
				null);
	}

}
