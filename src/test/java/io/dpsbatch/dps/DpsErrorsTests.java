package io.dpsbatch.dps;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DpsErrorsTests {

	private final DpsJson json = new DpsJson();

	@Test
	void describesWithDpsErrorCodeAndMessage() {
		DpsErrors.Described described = DpsErrors.describe(
				reply(401, Map.of(), "{\"errorCode\":401002,\"trackingId\":\"t\",\"message\":\"Unauthorized\"}"),
				this.json);

		assertThat(described).isEqualTo(new DpsErrors.Described("401002", "Unauthorized"));
	}

	@Test
	void fallsBackToTheErrorCodeHeaderThenToTheStatus() {
		assertThat(DpsErrors.describe(reply(404, Map.of("x-ms-error-code", List.of("404201")), ""), this.json))
			.isEqualTo(new DpsErrors.Described("404201", "HTTP 404"));
		assertThat(DpsErrors.describe(reply(409, Map.of(), "conflict, try later"), this.json))
			.isEqualTo(new DpsErrors.Described("409", "HTTP 409: conflict, try later"));
	}

	@Test
	void keepsMessagesShortAndOnOneLine() {
		String text = "line one\n\tline two " + "x".repeat(1000);

		String safe = DpsErrors.safe(text);

		assertThat(safe).startsWith("line one line two xxx").endsWith("...").hasSize(DpsErrors.MAX_MESSAGE_LENGTH + 3);
	}

	@Test
	void hidesSignaturesABodyMightEcho() {
		String echoed = "bad token SharedAccessSignature sr=s%2Fregistrations%2Fd&sig=AbC%2B123%3D&se=1&skn=registration";

		assertThat(DpsErrors.safe(echoed)).doesNotContain("AbC").contains("sig=[hidden]&se=1");
	}

	private static DpsReply reply(int status, Map<String, List<String>> headers, String body) {
		return new DpsReply(status, HttpHeaders.of(headers, (name, value) -> true), body);
	}

}
