package io.dpsbatch.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceRouteTests {

	@Test
	void theServiceApiCallsAreRecognised() {
		assertThat(ServiceRoute.parse("PUT", "/enrollments/dev-1"))
			.isEqualTo(new ServiceRoute(ServiceRoute.Call.ENROLLMENT, "dev-1"));
		assertThat(ServiceRoute.parse("POST", "/enrollments/dev-1/attestationmechanism"))
			.isEqualTo(new ServiceRoute(ServiceRoute.Call.ENROLLMENT_ATTESTATION, "dev-1"));
		assertThat(ServiceRoute.parse("POST", "/enrollments"))
			.isEqualTo(new ServiceRoute(ServiceRoute.Call.BULK, null));
		assertThat(ServiceRoute.parse("POST", "/enrollments/query"))
			.isEqualTo(new ServiceRoute(ServiceRoute.Call.QUERY, null));
		assertThat(ServiceRoute.parse("GET", "/enrollmentGroups/line-b"))
			.isEqualTo(new ServiceRoute(ServiceRoute.Call.GROUP, "line-b"));
		assertThat(ServiceRoute.parse("POST", "/enrollmentGroups/line-b/attestationMechanism"))
			.isEqualTo(new ServiceRoute(ServiceRoute.Call.GROUP_ATTESTATION, "line-b"));
		assertThat(ServiceRoute.parse("DELETE", "/registrations/dev-1"))
			.isEqualTo(new ServiceRoute(ServiceRoute.Call.REGISTRATION, "dev-1"));
	}

	@Test
	void anEnrollmentNamedQueryIsAnEnrollmentExceptForPost() {
		assertThat(ServiceRoute.parse("GET", "/enrollments/query"))
			.isEqualTo(new ServiceRoute(ServiceRoute.Call.ENROLLMENT, "query"));
		assertThat(ServiceRoute.parse("POST", "/enrollments/query").call()).isEqualTo(ServiceRoute.Call.QUERY);
	}

	@Test
	void segmentsAreDecodedAfterSplitting() {
		assertThat(ServiceRoute.parse("GET", "/enrollments/line%3A4%2Fdev").id()).isEqualTo("line:4/dev");
		assertThat(ServiceRoute.parse("GET", "/enrollments/dev%zz").id()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/registrations/dev-1", "/enrollments", "/enrollmentgroups/g", "/REGISTRATIONS/x",
			"/enrollments/x/y", "/registrations/dev-1/attestationmechanism" })
	void pathsBeginningWithAServiceCollectionAreTheServiceApis(String path) {
		assertThat(ServiceRoute.claims(path)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/0ne00EMU001/registrations/dev-1", "/0ne00EMU001/registrations/dev-1/register",
			"/0ne00EMU001/registrations/dev-1/operations/op", "/_emulator/counts", "/", "", "/registrationsx/a" })
	void deviceApiAndOtherPathsAreNot(String path) {
		assertThat(ServiceRoute.claims(path)).isFalse();
	}

	@Test
	void theTwoSegmentServicePathAndTheDevicePathsGoApart() {
		// the service API's record and the device API's status lookup name the same ID
		assertThat(ServiceRoute.parse("GET", "/registrations/dev-1").call()).isEqualTo(ServiceRoute.Call.REGISTRATION);
		assertThat(DpsRoute.parse("/registrations/dev-1").call()).isEqualTo(DpsRoute.Call.NONE);
		assertThat(ServiceRoute.parse("POST", "/0ne00EMU001/registrations/dev-1").call())
			.isEqualTo(ServiceRoute.Call.NONE);
		assertThat(DpsRoute.parse("/0ne00EMU001/registrations/dev-1").call()).isEqualTo(DpsRoute.Call.LOOKUP);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/enrollments/x/y", "/enrollments/x/attestationmechanism/z", "/enrollments/",
			"/enrollmentGroups", "/registrations", "/registrations/x/attestationmechanism", "/registrations//x" })
	void otherServicePathsNameNoCall(String path) {
		assertThat(ServiceRoute.parse("GET", path).call()).isEqualTo(ServiceRoute.Call.NONE);
	}

	@Test
	void methodsAreListedForAllow() {
		assertThat(ServiceRoute.Call.ENROLLMENT.allows("PATCH")).isFalse();
		assertThat(ServiceRoute.Call.ENROLLMENT.allowed()).isEqualTo("DELETE, GET, PUT");
	}

}
