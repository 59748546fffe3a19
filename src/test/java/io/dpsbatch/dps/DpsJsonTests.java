package io.dpsbatch.dps;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DpsJsonTests {

	private final DpsJson json = new DpsJson();

	@Test
	void registrationBodyWithoutPayload() {
		assertThat(this.json.registrationBody("dev-\"1\"", null)).isEqualTo("{\"registrationId\":\"dev-\\\"1\\\"\"}");
	}

	@Test
	void registrationBodyEmbedsThePayloadAsAnObject() {
		assertThat(this.json.registrationBody("dev-1", " {\"line\": \"L2\", \"n\": [1, {\"x\": null}]} "))
			.isEqualTo("{\"registrationId\":\"dev-1\",\"payload\":{\"line\":\"L2\",\"n\":[1,{\"x\":null}]}}");
	}

	@Test
	void payloadMustBeAJsonObject() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.json.registrationBody("d", "[1]"))
			.withMessage("the payload is not a JSON object");
		assertThatIllegalArgumentException().isThrownBy(() -> this.json.registrationBody("d", "\"text\""))
			.withMessage("the payload is not a JSON object");
		assertThatIllegalArgumentException().isThrownBy(() -> this.json.registrationBody("d", "{\"a\":"))
			.withMessage("the payload is not valid JSON");
	}

	@Test
	void lookupBody() {
		assertThat(this.json.lookupBody("dev-1")).isEqualTo("{\"registrationId\":\"dev-1\"}");
	}

	@Test
	void readsAnAssignedOperationIgnoringUnknownFields() {
		RegistrationOperationStatus status = this.json
			.operationStatus("{\"operationId\":\"op\",\"status\":\"assigned\","
					+ "\"future\":[1],\"registrationState\":{\"registrationId\":\"d\",\"assignedHub\":\"h.azure-devices.net\","
					+ "\"deviceId\":\"d\",\"status\":\"assigned\",\"substatus\":\"deviceDataMigrated\","
					+ "\"symmetricKey\":{\"enrollmentGroupId\":\"g\"},\"payload\":{\"a\":1}}}")
			.orElseThrow();

		assertThat(status.operationId()).isEqualTo("op");
		assertThat(status.registrationState().assignedHub()).isEqualTo("h.azure-devices.net");
		assertThat(status.registrationState().substatus()).isEqualTo("deviceDataMigrated");
	}

	@Test
	void readsANumericErrorCodeAsText() {
		RegistrationOperationStatus status = this.json
			.operationStatus("{\"operationId\":\"op\",\"status\":\"failed\","
					+ "\"registrationState\":{\"status\":\"failed\",\"errorCode\":400208,\"errorMessage\":\"no hub\"}}")
			.orElseThrow();

		assertThat(status.registrationState().errorCode()).isEqualTo("400208");
		assertThat(
				this.json.errorDetails("{\"errorCode\":401002,\"message\":\"Unauthorized\"}").orElseThrow().errorCode())
			.isEqualTo("401002");
	}

	@Test
	void operationStatusThatBreaksTheProtocolReadsAsEmpty() {
		assertThat(this.json.operationStatus("{\"status\":\"assigning\"}")).as("nothing to poll").isEmpty();
		assertThat(this.json.operationStatus("{\"operationId\":\"op\",\"status\":\"assigned\"}")).as("no state")
			.isEmpty();
		assertThat(this.json.operationStatus("{\"operationId\":\"op\",\"status\":\"thinking\"}")).isEmpty();
		assertThat(this.json.operationStatus("{\"operationId\":\"op\"}")).isEmpty();
		assertThat(this.json.operationStatus("[]")).isEmpty();
		assertThat(this.json.operationStatus("null")).isEmpty();
		assertThat(this.json.operationStatus("")).isEmpty();
		assertThat(this.json.operationStatus(null)).isEmpty();
		assertThat(this.json.operationStatus("{\"operationId\":\"op\",\"status\":")).isEmpty();
	}

	@Test
	void operationStatusesThatNeedNoMore() {
		assertThat(this.json.operationStatus("{\"operationId\":\"op\",\"status\":\"unassigned\"}")).isPresent();
		assertThat(this.json.operationStatus("{\"status\":\"disabled\"}")).isPresent();
		assertThat(this.json.operationStatus("{\"status\":\"failed\"}")).isPresent();
	}

	@Test
	void registrationResultNeedsAStatus() {
		assertThat(this.json.registrationResult("{\"registrationId\":\"d\",\"status\":\"assigned\"}")).isPresent();
		assertThat(this.json.registrationResult("{\"registrationId\":\"d\"}")).isEmpty();
		assertThat(this.json.registrationResult("<html/>")).isEmpty();
	}

}
