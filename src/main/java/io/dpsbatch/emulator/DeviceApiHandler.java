package io.dpsbatch.emulator;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The DPS device API: register, operation status poll and registration status lookup. A
 * request is checked in this order, each failure answering at once:
 * <ol>
 * <li>injected fault, if one is drawn (connection dropped, 429, 500, 503, or 401 as for
 * an expired SAS token); a drawn delay holds back whatever the answer turns out to be,
 * and a drop after acting handles the request and then closes the connection without its
 * answer;</li>
 * <li>route and method: 404 (unknown path) or 405 (known path, other method);</li>
 * <li>{@code api-version} query parameter present and one DPS serves
 * ({@link ApiVersions}): 400 errorCode 400004;</li>
 * <li>ID scope, one of the emulated instances ({@link EmulatedInstances}): 404 errorCode
 * 404001 (DPS's "the instance does not exist"; 401 would hide a typo in
 * {@code dps.id-scope} behind a key problem);</li>
 * <li>registration ID rules ({@link RegistrationIds}): 400 errorCode 400004 "Invalid
 * RegistrationId";</li>
 * <li>SAS token ({@link SasVerifier}), signed with a key of the device's enrollment in
 * that instance ({@link InstanceEnrollments}): 401 errorCode 401002 "Unauthorized";</li>
 * <li>body: JSON object, {@code registrationId} equal to the path's, {@code payload} any
 * JSON value, {@code Content-Type: application/json}: 400 or 415;</li>
 * <li>register: the instance's registration quota, 429 errorCode 429001 with
 * {@code Retry-After}; poll: 5 polls per 10 s per device, 429 with
 * {@code Retry-After}.</li>
 * </ol>
 * So only well-formed, authorised registrations use up quota, and a throttled one changes
 * nothing. The three routes share these checks, in this order, which is what DPS's
 * answers depend on.
 */
final class DeviceApiHandler implements EmulatorExchange.Handler {

	private static final Logger logger = LoggerFactory.getLogger(DeviceApiHandler.class);

	private final Settings settings;

	private final SasVerifier sasVerifier;

	private final EmulatedInstances instances;

	private final FieldLoad fieldLoad;

	private final Supplier<FaultInjector> faults;

	private final EmulatorCounters counters;

	private final RequestPipeline pipeline;

	private final Clock clock;

	/**
	 * What the handler needs to know of the emulator.
	 *
	 * @param endpoint its base URL, for {@code Location} headers
	 * @param retryAfterSeconds {@code Retry-After} of 202 answers
	 * @param pollLimitEnabled whether the per-device poll limit applies
	 */
	record Settings(URI endpoint, int retryAfterSeconds, boolean pollLimitEnabled) {

	}

	DeviceApiHandler(Settings settings, SasVerifier sasVerifier, EmulatedInstances instances, FieldLoad fieldLoad,
			Supplier<FaultInjector> faults, EmulatorCounters counters, RequestPipeline pipeline, Clock clock) {
		this.settings = settings;
		this.sasVerifier = sasVerifier;
		this.instances = instances;
		this.fieldLoad = fieldLoad;
		this.faults = faults;
		this.counters = counters;
		this.pipeline = pipeline;
		this.clock = clock;
	}

	@Override
	public void handle(EmulatorExchange exchange) {
		DpsRoute route = DpsRoute.parse(exchange.rawPath());
		boolean methodMatches = exchange.method().equals(route.call().method());
		if (methodMatches) {
			countCall(route.call());
		}
		this.pipeline.serve(exchange, this.faults.get().next(route.registrationId()),
				(body) -> methodMatches ? answer(route, exchange, body) : wrongRoute(route, exchange));
	}

	private EmulatorResponse wrongRoute(DpsRoute route, EmulatorExchange exchange) {
		if (route.call() == DpsRoute.Call.NONE) {
			return error(DpsError.NOT_FOUND, "No such resource: " + exchange.rawPath());
		}
		return error(DpsError.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed here").withHeader("Allow",
				route.call().method());
	}

	private EmulatorResponse answer(DpsRoute route, EmulatorExchange exchange, byte[] body) {
		String apiVersion = apiVersion(exchange);
		if (!ApiVersions.supported(apiVersion)) {
			return error(DpsError.UNSUPPORTED_API_VERSION, (apiVersion != null)
					? "Unsupported API version " + apiVersion : "The api-version query parameter is required");
		}
		EmulatedInstance instance = this.instances.find(route.idScope());
		if (instance == null) {
			return error(DpsError.UNKNOWN_ID_SCOPE, "No DPS instance has the ID scope " + route.idScope());
		}
		if (!RegistrationIds.valid(route.registrationId())) {
			return error(DpsError.INVALID_REGISTRATION_ID, null);
		}
		SasVerifier.Verification verification = this.sasVerifier.verify(exchange.header("Authorization"),
				route.idScope(), route.registrationId(), instance.enrollments().candidates(route.registrationId()));
		if (verification.problem() != null) {
			logger.debug("Unauthorized {} for {}: {}", route.call(), route.registrationId(), verification.problem());
			return error(DpsError.UNAUTHORIZED, null);
		}
		return switch (route.call()) {
			case REGISTER -> register(instance, verification.signedWith(), route, exchange, body);
			case POLL -> poll(instance.registry(), route);
			case LOOKUP -> lookup(instance.registry(), route, exchange, body);
			case NONE -> throw new IllegalStateException("not a device API call");
		};
	}

	private EmulatorResponse register(EmulatedInstance instance, InstanceEnrollments.Candidate signedWith,
			DpsRoute route, EmulatorExchange exchange, byte[] bytes) {
		Body body = parseBody(route, exchange, bytes, true);
		if (body.refusal() != null) {
			return body.refusal();
		}
		// the field's calls that are due come first: they were made before this one
		this.fieldLoad.catchUp();
		instance.registerCalls().increment();
		long wait = instance.quota().tryAcquire();
		if (wait > 0) {
			instance.throttled().increment();
			return error(DpsError.THROTTLED, "The registration rate of this DPS instance is exceeded")
				.withRetryAfter(EmulatorResponse.retryAfterSeconds(wait));
		}
		Operation operation = instance.registry()
			.register(route.registrationId(), body.payload(), apiVersion(exchange), signedWith.enrollmentGroupId(),
					signedWith.disabled());
		return EmulatorResponse.json(202, EmulatorJson.OperationStatus.assigning(operation))
			.withRetryAfter(this.settings.retryAfterSeconds())
			.withHeader("Location", registerLocation(exchange));
	}

	private EmulatorResponse poll(DeviceRegistry registry, DpsRoute route) {
		Optional<DeviceRecord> device = registry.find(route.registrationId());
		if (device.isEmpty()) {
			return error(DpsError.OPERATION_NOT_FOUND, null);
		}
		long now = registry.nanoTime();
		if (this.settings.pollLimitEnabled()) {
			long wait = device.get().tryPoll(now);
			if (wait > 0) {
				return error(DpsError.THROTTLED, "Too many operation status requests for this device")
					.withRetryAfter(EmulatorResponse.retryAfterSeconds(wait));
			}
		}
		Optional<Operation> operation = device.get().operation(route.operationId());
		if (operation.isEmpty()) {
			return error(DpsError.OPERATION_NOT_FOUND, null);
		}
		EmulatorJson.OperationStatus status = EmulatorJson.OperationStatus.of(operation.get(), now);
		if (operation.get().completed(now)) {
			return EmulatorResponse.json(200, status);
		}
		return EmulatorResponse.json(202, status).withRetryAfter(this.settings.retryAfterSeconds());
	}

	private EmulatorResponse lookup(DeviceRegistry registry, DpsRoute route, EmulatorExchange exchange, byte[] bytes) {
		Body body = parseBody(route, exchange, bytes, false);
		if (body.refusal() != null) {
			return body.refusal();
		}
		Optional<Operation> latest = registry.find(route.registrationId()).flatMap(DeviceRecord::latest);
		if (latest.isEmpty()) {
			return error(DpsError.REGISTRATION_NOT_FOUND, null);
		}
		return EmulatorResponse.json(200, EmulatorJson.RegistrationState.of(latest.get(), registry.nanoTime()));
	}

	/**
	 * The DeviceRegistration body. Register needs one; the status lookup may come without
	 * (its registration ID is in the path), but what it sends must be right.
	 */
	private Body parseBody(DpsRoute route, EmulatorExchange exchange, byte[] bytes, boolean required) {
		if (bytes.length > RequestPipeline.MAX_BODY_BYTES) {
			return Body.refused(error(DpsError.BAD_REQUEST, "The request body is larger than 96 KB"));
		}
		if (bytes.length == 0 && !required) {
			return new Body(null, null);
		}
		String contentType = exchange.header("Content-Type");
		if (bytes.length > 0 && (contentType == null
				|| !contentType.strip().toLowerCase(Locale.ROOT).startsWith("application/json"))) {
			return Body.refused(error(DpsError.UNSUPPORTED_MEDIA_TYPE, null));
		}
		JsonNode json;
		try {
			json = EmulatorJson.MAPPER.readTree(bytes);
		}
		catch (JacksonException ex) {
			return Body.refused(error(DpsError.BAD_REQUEST, "The request body is not valid JSON"));
		}
		if (json == null || !json.isObject()) {
			return Body.refused(error(DpsError.BAD_REQUEST, "The request body must be a DeviceRegistration object"));
		}
		JsonNode registrationId = json.get("registrationId");
		if (registrationId == null || !registrationId.isString()
				|| !registrationId.stringValue().equals(route.registrationId())) {
			return Body.refused(error(DpsError.BAD_REQUEST,
					"The registrationId of the body must be the registration ID of the path"));
		}
		JsonNode payload = json.get("payload");
		if (payload != null && payload.isNull()) {
			payload = null;
		}
		// any JSON value: Microsoft's Java SDK sends the payload as a JSON string holding
		// the object's text (provisioning-device-client
		// DeviceRegistrationParser.customPayload is a String), and DPS takes it
		return new Body(payload, null);
	}

	private record Body(JsonNode payload, EmulatorResponse refusal) {

		static Body refused(EmulatorResponse refusal) {
			return new Body(null, refusal);
		}

	}

	private void countCall(DpsRoute.Call call) {
		switch (call) {
			case REGISTER -> this.counters.registerCalls.increment();
			case POLL -> this.counters.pollCalls.increment();
			case LOOKUP -> this.counters.lookupCalls.increment();
			case NONE -> {
			}
		}
	}

	private static String apiVersion(EmulatorExchange exchange) {
		return QueryParameters.first(exchange.rawQuery(), "api-version");
	}

	/**
	 * Like DPS's own 202s (docs/dps.md#registration), Location names the register
	 * resource.
	 */
	private String registerLocation(EmulatorExchange exchange) {
		return this.settings.endpoint() + exchange.rawPath();
	}

	private EmulatorResponse error(DpsError error, String message) {
		return EmulatorResponse.error(error, message, now());
	}

	private Instant now() {
		return this.clock.instant();
	}

}
