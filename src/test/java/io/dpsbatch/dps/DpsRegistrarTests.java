package io.dpsbatch.dps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.GroupKey;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.dpsbatch.dps.DpsFixtures.API_VERSION;
import static io.dpsbatch.dps.DpsFixtures.DERIVED_KEY;
import static io.dpsbatch.dps.DpsFixtures.DEVICE;
import static io.dpsbatch.dps.DpsFixtures.FAST;
import static io.dpsbatch.dps.DpsFixtures.GROUP_KEY;
import static io.dpsbatch.dps.DpsFixtures.ID_SCOPE;
import static io.dpsbatch.dps.DpsFixtures.SECONDARY_GROUP_KEY;
import static io.dpsbatch.dps.DpsFixtures.assertSignedFor;
import static io.dpsbatch.dps.DpsFixtures.deviceKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The DPS client against a scripted DPS (WireMock over HTTPS): the outcome of each
 * scenario and, from the request journal, exactly what was sent.
 */
class DpsRegistrarTests {

	private static final String REGISTRATION = "/" + ID_SCOPE + "/registrations/" + DEVICE;

	private static final String REGISTER = REGISTRATION + "/register";

	private static final String OPERATION = REGISTRATION + "/operations/op-1";

	private static final String HUB = "hub-1.azure-devices.net";

	@RegisterExtension
	static final WireMockDps dps = WireMockDps.withLocalhostCertificate();

	@Test
	void registersThenPollsUntilAssigned() throws Exception {
		dps.stubFor(register().willReturn(assigning()));
		sequence(poll().willReturn(assigning()), poll().willReturn(assignedOperation(200)));
		long before = Instant.now().getEpochSecond();

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		assertThat(outcome.deviceId()).isEqualTo(DEVICE);
		assertThat(outcome.assignedHub()).isEqualTo(HUB);
		assertThat(outcome.substatus()).isEqualTo("initialAssignment");
		assertThat(outcome.registerCalls()).isEqualTo(1);
		assertThat(outcome.foundByLookup()).isFalse();
		assertThat(outcome.usedSecondaryKey()).isFalse();
		assertThat(outcome.errorCode()).isNull();
		assertThat(outcome.finishedAt()).isAfterOrEqualTo(outcome.startedAt());
		assertThat(journal()).containsExactly("PUT " + REGISTER, "GET " + OPERATION, "GET " + OPERATION);
		for (LoggedRequest request : requests()) {
			assertThat(request.getUrl()).endsWith("?api-version=" + API_VERSION);
			long expiry = assertSignedFor(request.getHeader("Authorization"), DEVICE, DERIVED_KEY);
			assertThat(expiry).isBetween(before + 3600, Instant.now().getEpochSecond() + 3600);
			// charset names are case-insensitive, and the test server's journal
			// upper-cases them
			assertThat(request.getHeader("Content-Type")).isEqualToIgnoringCase("application/json; charset=utf-8");
			assertThat(request.getHeader("Accept")).isEqualTo("application/json");
			assertThat(request.getHeader("User-Agent")).isEqualTo("dps-batch/dev");
		}
		assertThat(requests().get(0).getBodyAsString()).isEqualTo("{\"registrationId\":\"" + DEVICE + "\"}");
	}

	@Test
	void pollsNoSoonerThanRetryAfter() throws Exception {
		dps.stubFor(register().willReturn(assigning().withHeader("retry-after", "1")));
		dps.stubFor(poll().willReturn(assignedOperation(200)));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		List<LoggedRequest> requests = requests();
		assertThat(journal()).containsExactly("PUT " + REGISTER, "GET " + OPERATION);
		long gap = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
		assertThat(gap).isGreaterThanOrEqualTo(1000);
	}

	@Test
	void pollsAsSoonAsRetryAfterSaysButNeverMoreOftenThanDpsAllowsPerDevice() throws Exception {
		dps.stubFor(register().willReturn(assigning().withHeader("Retry-After", "0")));
		ResponseDefinitionBuilder again = assigning().withHeader("Retry-After", "0");
		sequence(poll().willReturn(again), poll().willReturn(again), poll().willReturn(again), poll().willReturn(again),
				poll().willReturn(again), poll().willReturn(assignedOperation(200)));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		List<LoggedRequest> polls = requests().subList(1, requests().size());
		assertThat(polls).hasSize(6);
		// FAST's poll window is 500 ms: the sixth poll waits for the first to leave it
		// (the server logs arrival times, which may bring two requests closer together
		// than they were sent, hence 400)
		long gap = polls.get(5).getLoggedDate().getTime() - polls.get(0).getLoggedDate().getTime();
		assertThat(gap).isGreaterThanOrEqualTo(400);
	}

	@Test
	void throttledRegisterIsRetriedWithoutCostingAnAttemptOrMovingThePaceAlone() throws Exception {
		sequence(
				register().willReturn(aResponse().withStatus(429)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"errorCode\":429001,\"message\":\"Too many requests\"}")),
				register().willReturn(assignedOperation(200)));

		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()).build(),
				DpsFixtures.primaryOnly())) {
			RegistrationOutcome outcome = await(registrar.provision(device()));

			assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
			assertThat(outcome.registerCalls()).isEqualTo(2);
			DpsStatistics statistics = registrar.statistics();
			assertThat(statistics.throttledResponses()).isEqualTo(1);
			assertThat(statistics.retries()).isEqualTo(1);
			assertThat(statistics.registerCalls()).isEqualTo(2);
			// one 429 is no verdict on the quota: the pace is judged on blocks of answers
			assertThat(statistics.pacePerMinute()).isEqualTo(6000);
		}
		// a 429 means DPS did not take the call: no status lookup before the second one
		assertThat(journal()).containsExactly("PUT " + REGISTER, "PUT " + REGISTER);
	}

	@Test
	void serviceUnavailableIsRetriedAfterALookup() throws Exception {
		sequence(register().willReturn(aResponse().withStatus(503)), register().willReturn(assigning()));
		dps.stubFor(lookup().willReturn(notRegistered()));
		dps.stubFor(poll().willReturn(assignedOperation(200)));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		assertThat(outcome.registerCalls()).isEqualTo(2);
		assertThat(outcome.foundByLookup()).isFalse();
		assertThat(journal()).containsExactly("PUT " + REGISTER, "POST " + REGISTRATION, "PUT " + REGISTER,
				"GET " + OPERATION);
		assertThat(requests().get(1).getBodyAsString()).isEqualTo("{\"registrationId\":\"" + DEVICE + "\"}");
	}

	@Test
	void droppedConnectionIsRetriedAfterALookup() throws Exception {
		sequence(register().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
				register().willReturn(assignedOperation(200)));
		dps.stubFor(lookup().willReturn(notRegistered()));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		assertThat(outcome.registerCalls()).isEqualTo(2);
		assertThat(journal()).containsExactly("PUT " + REGISTER, "POST " + REGISTRATION, "PUT " + REGISTER);
	}

	@Test
	void registerThatWorkedDespiteALostAnswerIsNotSentAgain() throws Exception {
		dps.stubFor(register().willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
		dps.stubFor(lookup().willReturn(json(200, registrationState("assigned"))));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		assertThat(outcome.foundByLookup()).isTrue();
		assertThat(outcome.registerCalls()).isEqualTo(1);
		assertThat(outcome.assignedHub()).isEqualTo(HUB);
		assertThat(journal()).containsExactly("PUT " + REGISTER, "POST " + REGISTRATION);
	}

	@Test
	void pollsThatFailBeyondMaxAttemptsNeverGiveUpADeviceDpsAccepted() throws Exception {
		dps.stubFor(register().willReturn(assigning()));
		MappingBuilder[] polls = new MappingBuilder[9];
		for (int i = 0; i < 8; i++) {
			polls[i] = poll().willReturn(aResponse().withStatus(503));
		}
		polls[8] = poll().willReturn(assignedOperation(200));
		sequence(polls);
		// every third failed poll asks the status lookup, which finds DPS still assigning
		dps.stubFor(lookup().willReturn(json(200, registrationState("assigning"))));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()).maxAttempts(3),
				device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		assertThat(outcome.registerCalls()).isEqualTo(1);
		assertThat(journal()).filteredOn((call) -> call.startsWith("PUT ")).hasSize(1);
		assertThat(journal()).filteredOn((call) -> call.startsWith("GET ")).hasSize(9);
		assertThat(journal()).filteredOn((call) -> call.startsWith("POST ")).hasSize(2);
	}

	@Test
	void whenPollsCannotGetThroughTheStatusLookupDecides() throws Exception {
		dps.stubFor(register().willReturn(assigning()));
		dps.stubFor(poll().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		dps.stubFor(lookup().willReturn(json(200, registrationState("assigned"))));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		assertThat(outcome.assignedHub()).isEqualTo(HUB);
		assertThat(outcome.registerCalls()).isEqualTo(1);
		// three failed polls (the JDK client sends a GET once more by itself on a reset
		// connection), then the lookup
		assertThat(journal()).first().isEqualTo("PUT " + REGISTER);
		assertThat(journal()).last().isEqualTo("POST " + REGISTRATION);
		assertThat(journal()).filteredOn((call) -> call.equals("GET " + OPERATION)).hasSizeBetween(3, 6);
		assertThat(journal()).hasSizeBetween(5, 8);
	}

	@Test
	void aDeviceDpsIsStillAssigningWhenItsTimeIsUpSaysSo() throws Exception {
		dps.stubFor(register().willReturn(assigning()));
		dps.stubFor(poll().willReturn(aResponse().withStatus(500)));
		dps.stubFor(lookup().willReturn(json(200, registrationState("assigning"))));

		RegistrationOutcome outcome = provision(
				DpsFixtures.properties(endpoint(), dps.trustStore()).registrationTimeout(Duration.ofMillis(1500)),
				device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.TIMED_OUT);
		assertThat(outcome.errorCode()).isEqualTo("assigning");
		assertThat(outcome.errorMessage()).contains("still reported the registration as assigning");
		assertThat(outcome.registerCalls()).isEqualTo(1);
		assertThat(journal()).last().isEqualTo("POST " + REGISTRATION);
	}

	@Test
	void unauthorizedIsFinalWithoutSecondaryKeyOnceDpsHasAcceptedTheKeyForAnotherDevice() throws Exception {
		dps.stubFor(register().willReturn(json(401,
				"{\"errorCode\":401002,\"trackingId\":\"t-1\",\"message\":\"Unauthorized\",\"timestampUtc\":\"2024-01-01T00:00:00Z\"}")));

		RegistrationOutcome outcome;
		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()).build(),
				DpsFixtures.primaryOnly())) {
			acceptedFirst(registrar);
			outcome = await(registrar.provision(device()));
		}

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.UNAUTHORIZED);
		assertThat(outcome.errorCode()).isEqualTo("401002");
		assertThat(outcome.errorMessage()).isEqualTo("Unauthorized");
		assertThat(outcome.usedSecondaryKey()).isFalse();
		// the second try, with a new token, tells a refused key from an expired token
		assertThat(outcome.registerCalls()).isEqualTo(2);
		assertThat(journal()).containsExactly("PUT " + GOOD_REGISTER, "PUT " + REGISTER, "PUT " + REGISTER);
	}

	@Test
	void aSingle401IsRetriedWithANewTokenAndTheSameKey() throws Exception {
		sequence(register().willReturn(json(401, "{\"errorCode\":401002,\"message\":\"Unauthorized\"}")),
				register().willReturn(assigning()));
		dps.stubFor(poll().willReturn(assignedOperation(200)));

		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()).build(),
				DpsFixtures.withSecondary())) {
			RegistrationOutcome outcome = await(registrar.provision(device()));

			assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
			assertThat(outcome.usedSecondaryKey()).isFalse();
			assertThat(outcome.registerCalls()).isEqualTo(2);
			assertThat(registrar.statistics().usedSecondaryKey()).isZero();
		}
		assertThat(journal()).containsExactly("PUT " + REGISTER, "PUT " + REGISTER, "GET " + OPERATION);
		for (LoggedRequest request : requests()) {
			assertSignedFor(request.getHeader("Authorization"), DEVICE, DERIVED_KEY);
		}
	}

	@Test
	void unauthorizedPrimaryKeyFallsBackToTheSecondary() throws Exception {
		sequence(register().willReturn(json(401, "{\"errorCode\":401002,\"message\":\"Unauthorized\"}")),
				register().willReturn(json(401, "{\"errorCode\":401002,\"message\":\"Unauthorized\"}")),
				register().willReturn(assigning()));
		dps.stubFor(poll().willReturn(assignedOperation(200)));

		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()).build(),
				DpsFixtures.withSecondary())) {
			RegistrationOutcome outcome = await(registrar.provision(device()));

			assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
			assertThat(outcome.usedSecondaryKey()).isTrue();
			assertThat(outcome.registerCalls()).isEqualTo(3);
			assertThat(registrar.statistics().usedSecondaryKey()).isEqualTo(1);
		}
		assertThat(journal()).containsExactly("PUT " + REGISTER, "PUT " + REGISTER, "PUT " + REGISTER,
				"GET " + OPERATION);
		List<LoggedRequest> requests = requests();
		String secondaryDeviceKey = deviceKey(SECONDARY_GROUP_KEY, DEVICE);
		assertSignedFor(requests.get(0).getHeader("Authorization"), DEVICE, DERIVED_KEY);
		assertSignedFor(requests.get(1).getHeader("Authorization"), DEVICE, DERIVED_KEY);
		assertSignedFor(requests.get(2).getHeader("Authorization"), DEVICE, secondaryDeviceKey);
		// the device stays on the secondary key once DPS accepted it
		assertSignedFor(requests.get(3).getHeader("Authorization"), DEVICE, secondaryDeviceKey);
	}

	@Test
	void failedRegistrationReportsDpsError() throws Exception {
		dps.stubFor(register().willReturn(assigning()));
		dps.stubFor(poll().willReturn(json(200,
				"{\"operationId\":\"op-1\",\"status\":\"failed\",\"registrationState\":" + "{\"registrationId\":\""
						+ DEVICE + "\",\"status\":\"failed\",\"errorCode\":400209,"
						+ "\"errorMessage\":\"Device is not authorized for the linked hub.\"}}")));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
		assertThat(outcome.errorCode()).isEqualTo("400209");
		assertThat(outcome.errorMessage()).isEqualTo("Device is not authorized for the linked hub.");
		assertThat(outcome.assignedHub()).isNull();
		assertThat(journal()).containsExactly("PUT " + REGISTER, "GET " + OPERATION);
	}

	@Test
	void disabledEnrollment() throws Exception {
		dps.stubFor(register().willReturn(json(200, "{\"operationId\":\"op-1\",\"status\":\"disabled\","
				+ "\"registrationState\":{\"registrationId\":\"" + DEVICE + "\",\"status\":\"disabled\"}}")));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.DISABLED);
		assertThat(outcome.registerCalls()).isEqualTo(1);
		assertThat(journal()).containsExactly("PUT " + REGISTER);
	}

	@Test
	void malformedBodyIsRetriedAfterALookup() throws Exception {
		sequence(register().willReturn(json(202, "{\"operationId\":\"op-1\",\"status\":")),
				register().willReturn(assignedOperation(200)));
		dps.stubFor(lookup().willReturn(notRegistered()));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		assertThat(outcome.registerCalls()).isEqualTo(2);
		assertThat(journal()).containsExactly("PUT " + REGISTER, "POST " + REGISTRATION, "PUT " + REGISTER);
	}

	@Test
	void malformedBodyEveryTimeEndsInError() throws Exception {
		dps.stubFor(register().willReturn(json(200, "<html>gateway</html>")));
		dps.stubFor(lookup().willReturn(notRegistered()));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()).maxAttempts(2),
				device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ERROR);
		assertThat(outcome.errorCode()).isEqualTo("200");
		assertThat(outcome.errorMessage()).contains("<html>gateway</html>").contains("gave up after 2 attempts");
		assertThat(journal()).containsExactly("PUT " + REGISTER, "POST " + REGISTRATION, "PUT " + REGISTER);
	}

	@Test
	void slowServerTimesOutEachTryThenErrors() throws Exception {
		dps.stubFor(register().willReturn(assignedOperation(200).withFixedDelay(1500)));
		dps.stubFor(lookup().willReturn(notRegistered()));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore())
			.requestTimeout(Duration.ofMillis(250))
			.maxAttempts(2), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ERROR);
		assertThat(outcome.errorCode()).isEqualTo("timeout");
		assertThat(outcome.errorMessage()).contains("within 250 ms");
		assertThat(outcome.registerCalls()).isEqualTo(2);
		assertThat(journal()).containsExactly("PUT " + REGISTER, "POST " + REGISTRATION, "PUT " + REGISTER);
	}

	@Test
	void lookupFirstFindsAnAssignedDeviceAndDoesNotRegister() throws Exception {
		dps.stubFor(lookup().willReturn(json(200, registrationState("assigned"))));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()),
				new DeviceToRegister(DEVICE, null, true));

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		assertThat(outcome.foundByLookup()).isTrue();
		assertThat(outcome.registerCalls()).isZero();
		assertThat(outcome.deviceId()).isEqualTo(DEVICE);
		assertThat(outcome.assignedHub()).isEqualTo(HUB);
		assertThat(journal()).containsExactly("POST " + REGISTRATION);
		LoggedRequest lookup = requests().get(0);
		assertThat(lookup.getBodyAsString()).isEqualTo("{\"registrationId\":\"" + DEVICE + "\"}");
		assertSignedFor(lookup.getHeader("Authorization"), DEVICE, DERIVED_KEY);
	}

	@Test
	void lookupFirstRegistersAnUnknownDevice() throws Exception {
		dps.stubFor(lookup().willReturn(notRegistered()));
		dps.stubFor(register().willReturn(assignedOperation(200)));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()),
				new DeviceToRegister(DEVICE, null, true));

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		assertThat(outcome.foundByLookup()).isFalse();
		assertThat(outcome.registerCalls()).isEqualTo(1);
		assertThat(journal()).containsExactly("POST " + REGISTRATION, "PUT " + REGISTER);
	}

	@Test
	void aRegistrationDpsIsStillAssigningIsWaitedForNotSentAgain() throws Exception {
		// the register call's answer was lost (here: too slow), and DPS is still working
		// on it when looked up
		sequence(register().willReturn(assigning().withFixedDelay(400)), register().willReturn(assigning()));
		sequence(lookup().willReturn(json(200, registrationState("assigning"))),
				lookup().willReturn(json(200, registrationState("assigning"))),
				lookup().willReturn(json(200, registrationState("assigned"))));

		RegistrationOutcome outcome = provision(
				DpsFixtures.properties(endpoint(), dps.trustStore()).requestTimeout(Duration.ofMillis(200)), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		assertThat(outcome.foundByLookup()).isTrue();
		assertThat(outcome.registerCalls()).isEqualTo(1);
		assertThat(journal()).containsExactly("PUT " + REGISTER, "POST " + REGISTRATION, "POST " + REGISTRATION,
				"POST " + REGISTRATION);
	}

	@Test
	void lookupFirstRegistersADeviceNotAssigned() throws Exception {
		dps.stubFor(lookup().willReturn(json(200, registrationState("failed"))));
		dps.stubFor(register().willReturn(assignedOperation(200)));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()),
				new DeviceToRegister(DEVICE, null, true));

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		assertThat(outcome.foundByLookup()).isFalse();
		assertThat(journal()).containsExactly("POST " + REGISTRATION, "PUT " + REGISTER);
	}

	@Test
	void serverErrorsUpToMaxAttemptsEndInError() throws Exception {
		dps.stubFor(register().willReturn(json(503, "{\"errorCode\":503000,\"message\":\"Service unavailable\"}")));
		dps.stubFor(lookup().willReturn(notRegistered()));

		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()).build(),
				DpsFixtures.primaryOnly())) {
			RegistrationOutcome outcome = await(registrar.provision(device()));

			assertThat(outcome.status()).isEqualTo(OutcomeStatus.ERROR);
			assertThat(outcome.errorCode()).isEqualTo("503");
			assertThat(outcome.errorMessage()).contains("Service unavailable").contains("gave up after 3 attempts");
			assertThat(outcome.registerCalls()).isEqualTo(3);
			assertThat(registrar.statistics().retries()).isEqualTo(2);
		}
		assertThat(journal()).containsExactly("PUT " + REGISTER, "POST " + REGISTRATION, "PUT " + REGISTER,
				"POST " + REGISTRATION, "PUT " + REGISTER);
	}

	@Test
	void badRequestIsNotRetried() throws Exception {
		dps.stubFor(register().willReturn(json(400, "{\"errorCode\":400004,\"message\":\"Invalid RegistrationId\"}")));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ERROR);
		assertThat(outcome.errorCode()).isEqualTo("400004");
		assertThat(outcome.errorMessage()).isEqualTo("Invalid RegistrationId");
		assertThat(journal()).containsExactly("PUT " + REGISTER);
	}

	@Test
	void errorWithoutBodyReportsTheHttpStatus() throws Exception {
		dps.stubFor(register().willReturn(aResponse().withStatus(404)));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()), device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ERROR);
		assertThat(outcome.errorCode()).isEqualTo("404");
		assertThat(outcome.errorMessage()).isEqualTo("HTTP 404");
	}

	@Test
	void noFinalStatusWithinTheRegistrationTimeout() throws Exception {
		dps.stubFor(register().willReturn(assigning()));
		dps.stubFor(poll().willReturn(assigning()));

		RegistrationOutcome outcome = provision(
				DpsFixtures.properties(endpoint(), dps.trustStore()).registrationTimeout(Duration.ofMillis(300)),
				device());

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.TIMED_OUT);
		assertThat(outcome.errorMessage()).contains("300 ms").contains("assigning");
		assertThat(outcome.registerCalls()).isEqualTo(1);
		assertThat(journal()).first().isEqualTo("PUT " + REGISTER);
		assertThat(journal()).filteredOn((request) -> request.startsWith("GET ")).isNotEmpty();
	}

	@Test
	void aThrottledDeviceHoldsNoOtherAndEndsByTheFinalLookup() throws Exception {
		sequence(
				put(urlPathMatching("/" + ID_SCOPE + "/registrations/[^/]+/register"))
					.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")),
				put(urlPathMatching("/" + ID_SCOPE + "/registrations/[^/]+/register"))
					.willReturn(assignedOperation(200)));
		dps.stubFor(lookup().willReturn(notRegistered()));
		DpsProperties properties = DpsFixtures.properties(endpoint(), dps.trustStore())
			// long enough for the first call's TLS handshake on a busy machine, shorter
			// than the Retry-After
			.registrationTimeout(Duration.ofSeconds(2))
			.build();

		try (DpsRegistrar registrar = registrar(properties, DpsFixtures.primaryOnly())) {
			CompletableFuture<RegistrationOutcome> throttled = registrar.provision(device());
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> registrar.statistics().throttledResponses() == 1);
			CompletableFuture<RegistrationOutcome> next = registrar
				.provision(new DeviceToRegister("next-1", null, false));

			RegistrationOutcome outcome = await(next);
			assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
			RegistrationOutcome timedOut = await(throttled);
			assertThat(timedOut.status()).isEqualTo(OutcomeStatus.TIMED_OUT);
			// the final status lookup says why: DPS never took its register call
			assertThat(timedOut.errorCode()).isEqualTo("not-registered");
			assertThat(timedOut.errorMessage()).contains("no final status within 2 s");
		}
		List<LoggedRequest> requests = requests();
		assertThat(journal()).containsExactly("PUT " + REGISTER, "PUT /" + ID_SCOPE + "/registrations/next-1/register",
				"POST " + REGISTRATION);
		// the 429's Retry-After held only the device it was for
		long gap = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
		assertThat(gap).isLessThan(3000);
	}

	@Test
	void untrustedCertificateMeansDpsIsUnavailable() {
		DpsProperties properties = DpsFixtures.properties(endpoint(), null).trustStorePassword(null).build();

		try (DpsRegistrar registrar = registrar(properties, DpsFixtures.primaryOnly())) {
			CompletableFuture<RegistrationOutcome> result = registrar.provision(device());

			assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(DpsUnavailableException.class)
				.hasMessageStartingWith("TLS handshake with 127.0.0.1:" + dps.getHttpsPort() + " failed: "
						+ "the server certificate is not trusted; if this is a private endpoint or the emulator, "
						+ "set dps.trust-store")
				.hasMessageNotContaining(GROUP_KEY)
				.hasMessageNotContaining(DERIVED_KEY);
		}
		assertThat(journal()).isEmpty();
	}

	@Test
	void connectionRefusedMeansDpsIsUnavailable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		DpsProperties properties = DpsFixtures
			.properties(URI.create("https://127.0.0.1:" + closedPort), dps.trustStore())
			.maxAttempts(2)
			.build();

		try (DpsRegistrar registrar = registrar(properties, DpsFixtures.primaryOnly())) {
			CompletableFuture<RegistrationOutcome> result = registrar.provision(device());

			assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(DpsUnavailableException.class)
				.hasMessage("cannot reach DPS at 127.0.0.1:" + closedPort + ": connection refused");
			assertThat(registrar.statistics().retries()).isEqualTo(1);
			assertThat(registrar.statistics().registerCalls()).isZero();
		}
	}

	@Test
	void payloadIsEmbeddedAsAJsonObject() throws Exception {
		dps.stubFor(register().willReturn(assignedOperation(200)));

		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()),
				new DeviceToRegister(DEVICE, "{\"line\":\"L2\",\"station\":7,\"tags\":[\"a\",\"b\"]}", false));

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
		// an object inside the body, not a string holding JSON
		assertThat(requests()).singleElement()
			.extracting(LoggedRequest::getBodyAsString)
			.isEqualTo("{\"registrationId\":\"" + DEVICE
					+ "\",\"payload\":{\"line\":\"L2\",\"station\":7,\"tags\":[\"a\",\"b\"]}}");
		dps.verify(1, putRequestedFor(urlPathEqualTo(REGISTER)).withRequestBody(equalToJson("{\"registrationId\":\""
				+ DEVICE + "\",\"payload\":{\"line\":\"L2\",\"station\":7,\"tags\":[\"a\",\"b\"]}}")));
	}

	@Test
	void payloadThatIsNotAJsonObjectIsAnErrorWithoutAnyCall() throws Exception {
		RegistrationOutcome outcome = provision(DpsFixtures.properties(endpoint(), dps.trustStore()),
				new DeviceToRegister(DEVICE, "[1,2]", false));

		assertThat(outcome.status()).isEqualTo(OutcomeStatus.ERROR);
		assertThat(outcome.errorCode()).isEqualTo("payload");
		assertThat(outcome.registerCalls()).isZero();
		assertThat(journal()).isEmpty();
	}

	@Test
	void closeCancelsDevicesInFlight() throws Exception {
		dps.stubFor(register().willReturn(assigning()));
		dps.stubFor(poll().willReturn(assigning().withHeader("Retry-After", "30")));
		DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()).build(),
				DpsFixtures.primaryOnly());
		CompletableFuture<RegistrationOutcome> result = registrar.provision(device());
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> journal().contains("GET " + OPERATION));

		registrar.close();

		assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
		assertThat(registrar.provision(device())).isCompletedExceptionally();
	}

	@Test
	void signsANewTokenForEveryRequest() throws Exception {
		dps.stubFor(register().willReturn(assigning()));
		sequence(poll().willReturn(assigning()), poll().willReturn(assignedOperation(200)));
		Clock ticking = new TickingClock(Instant.parse("2030-01-01T00:00:00Z"));

		try (DpsRegistrar registrar = DpsFixtures.registrar(
				DpsFixtures.properties(endpoint(), dps.trustStore()).build(), DpsFixtures.primaryOnly(), FAST,
				ticking)) {
			assertThat(await(registrar.provision(device())).status()).isEqualTo(OutcomeStatus.ASSIGNED);
		}

		List<Long> expiries = requests().stream()
			.map((request) -> assertSignedFor(request.getHeader("Authorization"), DEVICE, DERIVED_KEY))
			.toList();
		assertThat(expiries).hasSize(3).doesNotHaveDuplicates().isSorted();
		assertThat(expiries.get(0)).isGreaterThan(Instant.parse("2030-01-01T01:00:00Z").getEpochSecond() - 1);
	}

	@Test
	void throttledPollIsRetriedWithoutSlowingRegistrations() throws Exception {
		dps.stubFor(register().willReturn(assigning()));
		sequence(poll().willReturn(aResponse().withStatus(429)), poll().willReturn(assignedOperation(200)));

		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()).build(),
				DpsFixtures.primaryOnly())) {
			RegistrationOutcome outcome = await(registrar.provision(device()));

			assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
			assertThat(outcome.registerCalls()).isEqualTo(1);
			DpsStatistics statistics = registrar.statistics();
			assertThat(statistics.throttledResponses()).isEqualTo(1);
			assertThat(statistics.pollCalls()).isEqualTo(2);
			assertThat(statistics.pacePerMinute()).isEqualTo(6000);
		}
		assertThat(journal()).containsExactly("PUT " + REGISTER, "GET " + OPERATION, "GET " + OPERATION);
	}

	@Test
	void unauthorizedWithBothKeys() throws Exception {
		dps.stubFor(register().willReturn(json(401, "{\"errorCode\":401002,\"message\":\"Unauthorized\"}")));

		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()).build(),
				DpsFixtures.withSecondary())) {
			acceptedFirst(registrar);
			RegistrationOutcome outcome = await(registrar.provision(device()));

			assertThat(outcome.status()).isEqualTo(OutcomeStatus.UNAUTHORIZED);
			assertThat(outcome.errorCode()).isEqualTo("401002");
			assertThat(outcome.usedSecondaryKey()).isTrue();
			// each key is tried twice, the second time with a new token
			assertThat(outcome.registerCalls()).isEqualTo(4);
		}
		assertThat(journal()).containsExactly("PUT " + GOOD_REGISTER, "PUT " + REGISTER, "PUT " + REGISTER,
				"PUT " + REGISTER, "PUT " + REGISTER);
	}

	@Test
	void aKeyDpsRefusesForEveryDeviceStopsTheRunAfterAFewCalls() throws Exception {
		dps.stubFor(put(urlPathMatching("/" + ID_SCOPE + "/registrations/[^/]+/register"))
			.willReturn(json(401, "{\"errorCode\":401002,\"message\":\"Unauthorized\"}")));

		List<CompletableFuture<RegistrationOutcome>> results = new java.util.ArrayList<>();
		// at the default pace, which lets 8 register calls await their answer at once
		try (DpsRegistrar registrar = registrar(
				DpsFixtures.properties(endpoint(), dps.trustStore()).registrationsPerMinute(900).build(),
				DpsFixtures.withSecondary())) {
			for (int i = 0; i < 50; i++) {
				results.add(registrar.provision(new DeviceToRegister("wrong-key-" + i, null, false)));
			}
			for (CompletableFuture<RegistrationOutcome> result : results) {
				assertThatThrownBy(() -> await(result)).hasCauseInstanceOf(GroupKeyRefusedException.class);
			}
		}

		// three devices refused with both keys decide it; after the first refusal no new
		// device starts until then, and a key once refused is not tried again with a new
		// token
		assertThat(journal()).hasSizeLessThanOrEqualTo(40);
		Throwable stop = catchThrowable(() -> await(results.get(0))).getCause();
		assertThat(stop.getMessage()).contains(GroupKey.fromBase64(GROUP_KEY).fingerprint())
			.contains(GroupKey.fromBase64(SECONDARY_GROUP_KEY).fingerprint())
			.doesNotContain(GROUP_KEY)
			.doesNotContain(SECONDARY_GROUP_KEY);
	}

	@Test
	void onceDpsTakesOnlyTheSecondaryKeyNewDevicesStartWithIt() throws Exception {
		EnrollmentKeys keys = DpsFixtures.withSecondary();
		// DPS refuses every token signed with the primary's derived keys
		dps.stubFor(put(urlPathMatching("/" + ID_SCOPE + "/registrations/[^/]+/register"))
			.willReturn(json(401, "{\"errorCode\":401002,\"message\":\"Unauthorized\"}")));
		dps.stubFor(put(urlPathMatching("/" + ID_SCOPE + "/registrations/[^/]+/register"))
			.withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing("skn=registration"))
			.andMatching((request) -> com.github.tomakehurst.wiremock.matching.MatchResult
				.of(signedWithSecondary(request.getHeader("Authorization"), request.getUrl())))
			.willReturn(assignedOperation(200)));

		int devices = 200;
		try (DpsRegistrar registrar = registrar(
				DpsFixtures.properties(endpoint(), dps.trustStore()).registrationsPerMinute(60_000).build(), keys)) {
			for (int i = 0; i < devices; i++) {
				RegistrationOutcome outcome = await(
						registrar.provision(new DeviceToRegister("rotated-" + i, null, false)));
				assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
				assertThat(outcome.usedSecondaryKey()).isTrue();
			}
		}

		// the first device: primary, primary with a new token, secondary; then one call
		// each, but for a check of the primary every hundredth device (one call, the
		// primary being known refused, then the secondary)
		assertThat(journal())
			.hasSizeLessThanOrEqualTo(3 + (devices - 1) + 2 * (devices / KeyVerdicts.PRIMARY_CHECK_EVERY));
		assertThat((double) journal().size() / devices).isLessThanOrEqualTo(1.05 + 3.0 / devices);
	}

	private static boolean signedWithSecondary(String authorization, String url) {
		String registrationId = url.replaceAll(".*/registrations/([^/]+)/register.*", "$1");
		try {
			assertSignedFor(authorization, registrationId, deviceKey(SECONDARY_GROUP_KEY, registrationId));
			return true;
		}
		catch (AssertionError ex) {
			return false;
		}
	}

	@Test
	void lookupRefusedWithThePrimaryKeyIsRepeatedWithTheSecondary() throws Exception {
		sequence(lookup().willReturn(json(401, "{\"errorCode\":401002,\"message\":\"Unauthorized\"}")),
				lookup().willReturn(json(401, "{\"errorCode\":401002,\"message\":\"Unauthorized\"}")),
				lookup().willReturn(json(200, registrationState("assigned"))));

		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()).build(),
				DpsFixtures.withSecondary())) {
			RegistrationOutcome outcome = await(registrar.provision(new DeviceToRegister(DEVICE, null, true)));

			assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
			assertThat(outcome.foundByLookup()).isTrue();
			assertThat(outcome.usedSecondaryKey()).isTrue();
			assertThat(outcome.registerCalls()).isZero();
			assertThat(registrar.statistics().lookupCalls()).isEqualTo(3);
		}
		List<LoggedRequest> requests = requests();
		assertThat(journal()).containsExactly("POST " + REGISTRATION, "POST " + REGISTRATION, "POST " + REGISTRATION);
		assertSignedFor(requests.get(1).getHeader("Authorization"), DEVICE, DERIVED_KEY);
		assertSignedFor(requests.get(2).getHeader("Authorization"), DEVICE, deviceKey(SECONDARY_GROUP_KEY, DEVICE));
	}

	@Test
	void manyDevicesAtOnce() throws Exception {
		dps.stubFor(put(urlPathMatching("/" + ID_SCOPE + "/registrations/[^/]+/register"))
			.willReturn(json(202, "{\"operationId\":\"op-x\",\"status\":\"assigning\"}")));
		dps.stubFor(get(urlPathMatching("/" + ID_SCOPE + "/registrations/[^/]+/operations/op-x"))
			.willReturn(json(200, "{\"operationId\":\"op-x\",\"status\":\"assigned\",\"registrationState\":"
					+ "{\"status\":\"assigned\",\"assignedHub\":\"" + HUB + "\"}}")));

		try (DpsRegistrar registrar = registrar(DpsFixtures.properties(endpoint(), dps.trustStore()).build(),
				DpsFixtures.primaryOnly())) {
			List<CompletableFuture<RegistrationOutcome>> results = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				results.add(registrar.provision(new DeviceToRegister("device-" + i, null, false)));
			}

			for (int i = 0; i < 40; i++) {
				RegistrationOutcome outcome = await(results.get(i));
				assertThat(outcome.registrationId()).isEqualTo("device-" + i);
				assertThat(outcome.status()).isEqualTo(OutcomeStatus.ASSIGNED);
				// DPS names the device after its registration ID when it does not say
				// otherwise
				assertThat(outcome.deviceId()).isEqualTo("device-" + i);
			}
			DpsStatistics statistics = registrar.statistics();
			assertThat(statistics.registerCalls()).isEqualTo(40);
			assertThat(statistics.pollCalls()).isEqualTo(40);
			assertThat(statistics.retries()).isZero();
		}
		for (LoggedRequest request : requests()) {
			String id = URI.create(request.getUrl()).getPath().split("/")[3];
			assertSignedFor(request.getHeader("Authorization"), id, deviceKey(GROUP_KEY, id));
		}
	}

	// --- helpers ---

	private static URI endpoint() {
		return dps.endpoint();
	}

	private static DeviceToRegister device() {
		return new DeviceToRegister(DEVICE, null, false);
	}

	private static DpsRegistrar registrar(DpsProperties properties, EnrollmentKeys keys) {
		return DpsFixtures.registrar(properties, keys, FAST, Clock.systemUTC());
	}

	private static RegistrationOutcome provision(DpsFixtures.Properties properties, DeviceToRegister device)
			throws Exception {
		try (DpsRegistrar registrar = registrar(properties.build(), DpsFixtures.primaryOnly())) {
			return await(registrar.provision(device));
		}
	}

	private static RegistrationOutcome await(CompletableFuture<RegistrationOutcome> result) throws Exception {
		return result.get(15, TimeUnit.SECONDS);
	}

	private static final String GOOD_REGISTER = "/" + ID_SCOPE + "/registrations/good-1/register";

	/**
	 * A device DPS accepts, so that the key's verdict is known: refusals are then each
	 * device's own.
	 */
	private static void acceptedFirst(DpsRegistrar registrar) throws Exception {
		dps.stubFor(put(urlPathEqualTo(GOOD_REGISTER)).atPriority(1)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"operationId\":\"op-g\",\"status\":\"assigned\",\"registrationState\":{\"registrationId\":"
						+ "\"good-1\",\"assignedHub\":\"" + HUB
						+ "\",\"deviceId\":\"good-1\",\"status\":\"assigned\"}}")));
		assertThat(await(registrar.provision(new DeviceToRegister("good-1", null, false))).status())
			.isEqualTo(OutcomeStatus.ASSIGNED);
	}

	private static MappingBuilder register() {
		return put(urlPathEqualTo(REGISTER)).withQueryParam("api-version", equalTo(API_VERSION));
	}

	private static MappingBuilder poll() {
		return get(urlPathEqualTo(OPERATION)).withQueryParam("api-version", equalTo(API_VERSION));
	}

	private static MappingBuilder lookup() {
		return post(urlPathEqualTo(REGISTRATION)).withQueryParam("api-version", equalTo(API_VERSION));
	}

	private static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json; charset=utf-8")
			.withBody(body);
	}

	private static ResponseDefinitionBuilder assigning() {
		return json(202, "{\"operationId\":\"op-1\",\"status\":\"assigning\"}");
	}

	private static ResponseDefinitionBuilder assignedOperation(int status) {
		return json(status, "{\"operationId\":\"op-1\",\"status\":\"assigned\",\"registrationState\":"
				+ registrationState("assigned") + "}");
	}

	private static ResponseDefinitionBuilder notRegistered() {
		return json(404, "{\"errorCode\":404201,\"trackingId\":\"t-2\",\"message\":\"Not found\"}");
	}

	private static String registrationState(String status) {
		return "{\"registrationId\":\"" + DEVICE + "\",\"createdDateTimeUtc\":\"2024-05-01T10:00:00.1234567Z\","
				+ "\"assignedHub\":\"" + HUB + "\",\"deviceId\":\"" + DEVICE + "\",\"status\":\"" + status + "\","
				+ "\"substatus\":\"initialAssignment\",\"lastUpdatedDateTimeUtc\":\"2024-05-01T10:00:00.2Z\","
				+ "\"etag\":\"IjAwMDAi\",\"someFutureField\":{\"x\":1}}";
	}

	/** Stubs that answer one after the other; the last one keeps answering. */
	private static void sequence(MappingBuilder... steps) {
		String scenario = "sequence-" + steps[0].build().getRequest().getMethod() + "-" + System.nanoTime();
		for (int i = 0; i < steps.length; i++) {
			ScenarioMappingBuilder step = steps[i].inScenario(scenario)
				.whenScenarioStateIs((i == 0) ? STARTED : "step-" + i);
			if (i < steps.length - 1) {
				step.willSetStateTo("step-" + (i + 1));
			}
			dps.stubFor(step);
		}
	}

	/** The requests DPS received, oldest first. */
	private static List<LoggedRequest> requests() {
		return dps.findAll(anyRequestedFor(anyUrl()));
	}

	/** "METHOD path" of every request DPS received, oldest first. */
	private static List<String> journal() {
		return requests().stream()
			.map((request) -> request.getMethod() + " " + URI.create(request.getUrl()).getPath())
			.toList();
	}

	/** A clock one second further on every time it is read. */
	private static final class TickingClock extends Clock {

		private final AtomicLong seconds;

		TickingClock(Instant start) {
			this.seconds = new AtomicLong(start.getEpochSecond());
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochSecond(this.seconds.getAndIncrement());
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

}
