package io.dpsbatch.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DpsRouteTests {

	@Test
	void theThreeCallsOfTheDeviceApiAreRecognised() {
		assertThat(DpsRoute.parse("/0ne00EMU001/registrations/dev-1/register"))
			.isEqualTo(new DpsRoute(DpsRoute.Call.REGISTER, "0ne00EMU001", "dev-1", null));
		assertThat(DpsRoute.parse("/0ne00EMU001/registrations/dev-1/operations/5.abc.def"))
			.isEqualTo(new DpsRoute(DpsRoute.Call.POLL, "0ne00EMU001", "dev-1", "5.abc.def"));
		assertThat(DpsRoute.parse("/0ne00EMU001/registrations/dev-1"))
			.isEqualTo(new DpsRoute(DpsRoute.Call.LOOKUP, "0ne00EMU001", "dev-1", null));
	}

	@Test
	void segmentsAreDecodedAfterSplitting() {
		assertThat(DpsRoute.parse("/0ne00EMU001/registrations/line%3A4%2Fdev/register").registrationId())
			.isEqualTo("line:4/dev");
	}

	@Test
	void anUndecodableRegistrationIdIsKeptAsInvalid() {
		DpsRoute route = DpsRoute.parse("/0ne00EMU001/registrations/dev%zz/register");

		assertThat(route.call()).isEqualTo(DpsRoute.Call.REGISTER);
		assertThat(route.registrationId()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/", "/0ne00EMU001", "/0ne00EMU001/registrations", "/0ne00EMU001/registrations/",
			"/0ne00EMU001/devices/dev-1/register", "/0ne00EMU001/registrations/dev-1/unregister",
			"/0ne00EMU001/registrations/dev-1/operations", "/0ne00EMU001/registrations/dev-1/operations/",
			"/0ne00EMU001/registrations/dev-1/register/", "//registrations/dev-1/register",
			"/0ne00EMU001/registrations/dev-1/operations/op/x" })
	void everythingElseIsNoCall(String path) {
		assertThat(DpsRoute.parse(path).call()).isEqualTo(DpsRoute.Call.NONE);
	}

}
