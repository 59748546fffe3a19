package io.dpsbatch.dps;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DpsUrisTests {

	@Test
	void buildsTheThreeDeviceCalls() {
		DpsUris uris = new DpsUris(URI.create("https://global.azure-devices-provisioning.net"), "0ne00000A0A",
				"2021-10-01");

		assertThat(uris.register("dev-1")).hasToString(
				"https://global.azure-devices-provisioning.net/0ne00000A0A/registrations/dev-1/register?api-version=2021-10-01");
		assertThat(uris.operation("dev-1", "5.316aac5bdc130deb.b1e02da8-c3a0"))
			.hasToString("https://global.azure-devices-provisioning.net/0ne00000A0A/registrations/dev-1/operations/"
					+ "5.316aac5bdc130deb.b1e02da8-c3a0?api-version=2021-10-01");
		assertThat(uris.lookup("dev-1")).hasToString(
				"https://global.azure-devices-provisioning.net/0ne00000A0A/registrations/dev-1?api-version=2021-10-01");
	}

	@Test
	void keepsAPortAndDropsTrailingSlashes() {
		DpsUris uris = new DpsUris(URI.create("https://127.0.0.1:8443//"), "scope", "v");

		assertThat(uris.lookup("d")).hasToString("https://127.0.0.1:8443/scope/registrations/d?api-version=v");
	}

	@Test
	void percentEncodesEverySegment() {
		DpsUris uris = new DpsUris(URI.create("https://dps.example"), "sc/ope", "2021-10-01");

		URI register = uris.register("line:7.a_b~c/../x y");

		assertThat(register).hasToString(
				"https://dps.example/sc%2Fope/registrations/line%3A7.a_b~c%2F..%2Fx%20y/register?api-version=2021-10-01");
		assertThat(register.getPath()).isEqualTo("/sc/ope/registrations/line:7.a_b~c/../x y/register");
		assertThat(uris.operation("d", "op/1?x=2")).hasToString(
				"https://dps.example/sc%2Fope/registrations/d/operations/op%2F1%3Fx%3D2?api-version=2021-10-01");
		assertThat(DpsUris.encodeSegment("é")).isEqualTo("%C3%A9");
	}

}
