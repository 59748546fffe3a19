package io.dpsbatch.emulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DPS's service API (docs/dps.md#service-api-endpoints) for each emulated instance:
 * individual enrollments (create or update, get, delete, their keys, bulk, query), the
 * configured enrollment groups (get, their keys) and registration records (get, delete).
 * A request is checked in this order, each failure answering at once:
 * <ol>
 * <li>injected fault, drawn as for the device API (a drop after acting carries the
 * request out and then closes the connection without its answer);</li>
 * <li>route and method: 404 or 405;</li>
 * <li>{@code api-version}: {@code 2019-03-31} (what Microsoft's service clients send) or
 * {@code 2021-10-01} (the service spec), else 400 errorCode 400004;</li>
 * <li>service SAS token ({@link ServiceSasVerifier}), which also chooses the instance:
 * 401 errorCode 401002;</li>
 * <li>the instance's operations quota (docs/dps.md#quotas-and-throttling): 429 errorCode
 * 429001, with a {@code Retry-After} the service spec does not define but a client may
 * honour;</li>
 * <li>registration ID rules, body: 400 (400004, 400001) or 415.</li>
 * </ol>
 * Enrollments it creates are shared with the device API through
 * {@link InstanceEnrollments}, and registration records through {@link DeviceRegistry}.
 */
final class ServiceApiHandler implements EmulatorExchange.Handler {

	/** The service API versions it serves (docs/dps.md#service-api-versions). */
	static final Set<String> API_VERSIONS = Set.of("2019-03-31", "2021-10-01");

	/**
	 * Page size of a query without {@code x-ms-max-item-count}; DPS documents none, this
	 * is the emulator's choice.
	 */
	static final int DEFAULT_PAGE_SIZE = 100;

	private static final String ITEM_TYPE = "x-ms-item-type";

	private static final String CONTINUATION = "x-ms-continuation";

	private static final String MAX_ITEM_COUNT = "x-ms-max-item-count";

	private static final Logger logger = LoggerFactory.getLogger(ServiceApiHandler.class);

	private final ServiceSasVerifier sasVerifier;

	private final EmulatedInstances instances;

	private final Supplier<FaultInjector> faults;

	private final EmulatorCounters counters;

	private final RequestPipeline pipeline;

	private final Clock clock;

	ServiceApiHandler(RequestPipeline pipeline, ServiceSasVerifier sasVerifier, EmulatedInstances instances,
			Supplier<FaultInjector> faults, EmulatorCounters counters, Clock clock) {
		this.pipeline = pipeline;
		this.sasVerifier = sasVerifier;
		this.instances = instances;
		this.faults = faults;
		this.counters = counters;
		this.clock = clock;
	}

	@Override
	public void handle(EmulatorExchange exchange) {
		this.counters.serviceCalls.increment();
		this.pipeline.serve(exchange, this.faults.get().next(),
				(body) -> answer(ServiceRoute.parse(exchange.method(), exchange.rawPath()), exchange, body));
	}

	private EmulatorResponse answer(ServiceRoute route, EmulatorExchange exchange, byte[] body) {
		if (route.call() == ServiceRoute.Call.NONE) {
			return error(DpsError.NOT_FOUND, "No such resource: " + exchange.rawPath());
		}
		if (!route.call().allows(exchange.method())) {
			return error(DpsError.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed here").withHeader("Allow",
					route.call().allowed());
		}
		String apiVersion = QueryParameters.first(exchange.rawQuery(), "api-version");
		if (apiVersion == null || !API_VERSIONS.contains(apiVersion)) {
			return error(DpsError.UNSUPPORTED_API_VERSION, (apiVersion != null)
					? "Unsupported API version " + apiVersion : "The api-version query parameter is required");
		}
		ServiceSasVerifier.Verification verification = this.sasVerifier.verify(exchange.header("Authorization"),
				exchange.header("Host"), this.instances);
		if (verification.problem() != null) {
			logger.debug("Unauthorized service call {}: {}", route.call(), verification.problem());
			return error(DpsError.UNAUTHORIZED, null);
		}
		EmulatedInstance instance = verification.instance();
		long wait = instance.serviceQuota().tryAcquire();
		if (wait > 0) {
			this.counters.serviceThrottled.increment();
			return error(DpsError.THROTTLED, "The operations quota of this DPS instance is exceeded")
				.withRetryAfter(EmulatorResponse.retryAfterSeconds(wait));
		}
		boolean onCollection = route.call() == ServiceRoute.Call.BULK || route.call() == ServiceRoute.Call.QUERY;
		boolean onGroup = route.call() == ServiceRoute.Call.GROUP
				|| route.call() == ServiceRoute.Call.GROUP_ATTESTATION;
		// an undecodable ID is an invalid one, as in the device API
		if (!onCollection && !onGroup && !RegistrationIds.valid(route.id())) {
			return error(DpsError.INVALID_REGISTRATION_ID, null);
		}
		if (onGroup && route.id() == null) {
			return error(DpsError.BAD_REQUEST, "The enrollment group ID of the path is not validly percent-encoded");
		}
		JsonNode json;
		try {
			json = parseBody(exchange, body);
		}
		catch (BodyException ex) {
			return ex.response;
		}
		return switch (route.call()) {
			case ENROLLMENT -> enrollment(instance, route.id(), exchange, json);
			case ENROLLMENT_ATTESTATION ->
				enrolled(instance, route.id()).map((enrollment) -> EmulatorResponse.json(200, enrollment.attestation()))
					.orElseGet(() -> notFound("enrollment", route.id()));
			case BULK -> bulk(instance, json);
			case QUERY -> query(instance, exchange, json);
			case GROUP -> group(instance, route.id(), false);
			case GROUP_ATTESTATION -> group(instance, route.id(), true);
			case REGISTRATION -> registration(instance, route.id(), exchange.method());
			case NONE -> throw new IllegalStateException("not a service API call");
		};
	}

	private EmulatorResponse enrollment(EmulatedInstance instance, String registrationId, EmulatorExchange exchange,
			JsonNode json) {
		ServiceEnrollments created = instance.enrollments().created();
		return switch (exchange.method()) {
			case "GET" -> enrolled(instance, registrationId)
				.map((enrollment) -> EmulatorResponse.json(200, enrollment.withoutKeys()))
				.orElseGet(() -> notFound("enrollment", registrationId));
			case "DELETE" -> {
				ServiceEnrollments.Outcome outcome = created.delete(registrationId, exchange.header("If-Match"));
				if (outcome.failed()) {
					yield error(outcome.error(), outcome.message());
				}
				this.counters.enrollmentsDeleted.increment();
				yield noContent();
			}
			default -> {
				ServiceEnrollments.Outcome outcome = created.put(registrationId, json, ServiceEnrollments.Mode.UPDATE,
						exchange.header("If-Match"));
				if (outcome.failed()) {
					yield error(outcome.error(), outcome.message());
				}
				if (outcome.created()) {
					this.counters.enrollmentsCreated.increment();
				}
				// with its keys, generated ones included: the caller has no other way to
				// learn them but another call (docs/dps.md#individual-enrollments)
				yield EmulatorResponse.json(200, outcome.enrollment().withKeys());
			}
		};
	}

	/**
	 * {@code POST /enrollments}: at most {@link ServiceEnrollments#BULK_LIMIT}
	 * enrollments, else 400 for the whole call; each one is carried out on its own, and
	 * the ones that fail are listed in a 200 answer
	 * (docs/dps.md#bulk-enrollment-operation).
	 */
	private EmulatorResponse bulk(EmulatedInstance instance, JsonNode json) {
		ServiceEnrollments.Mode mode = (json != null && json.isObject() && json.get("mode") != null)
				? ServiceEnrollments.Mode.of(json.get("mode").asString("")) : null;
		JsonNode items = (json != null && json.isObject()) ? json.get("enrollments") : null;
		if (mode == null || items == null || !items.isArray()) {
			return error(DpsError.BAD_REQUEST, "A bulk operation is {\"mode\": \"create\", \"update\", "
					+ "\"updateIfMatchETag\" or \"delete\", \"enrollments\": [...]}");
		}
		if (items.size() > ServiceEnrollments.BULK_LIMIT) {
			return error(DpsError.BAD_REQUEST, "A bulk operation takes at most " + ServiceEnrollments.BULK_LIMIT
					+ " enrollments, not " + items.size());
		}
		ServiceEnrollments created = instance.enrollments().created();
		List<EmulatorJson.BulkError> errors = new ArrayList<>();
		for (JsonNode item : items) {
			JsonNode idNode = (item != null && item.isObject()) ? item.get("registrationId") : null;
			String registrationId = (idNode != null && idNode.isString()) ? idNode.stringValue() : null;
			ServiceEnrollments.Outcome outcome;
			if (!RegistrationIds.valid(registrationId)) {
				outcome = ServiceEnrollments.Outcome.refused(DpsError.INVALID_REGISTRATION_ID,
						"Invalid RegistrationId");
			}
			else if (mode == ServiceEnrollments.Mode.DELETE) {
				outcome = created.delete(registrationId, null);
				if (!outcome.failed()) {
					this.counters.enrollmentsDeleted.increment();
				}
			}
			else {
				JsonNode etag = item.get("etag");
				outcome = created.put(registrationId, item, mode, (etag != null) ? etag.asString(null) : null);
				if (outcome.created()) {
					this.counters.enrollmentsCreated.increment();
				}
			}
			if (outcome.failed()) {
				errors.add(new EmulatorJson.BulkError(registrationId, outcome.error().errorCode(), outcome.message()));
			}
		}
		return EmulatorResponse.json(200, new EmulatorJson.BulkResult(errors.isEmpty(), errors));
	}

	/**
	 * {@code POST /enrollments/query}: {@code SELECT * FROM enrollments} only, paged by
	 * {@code x-ms-max-item-count} and {@code x-ms-continuation}, without keys
	 * (docs/dps.md#service-api-endpoints).
	 */
	private EmulatorResponse query(EmulatedInstance instance, EmulatorExchange exchange, JsonNode json) {
		JsonNode query = (json != null && json.isObject()) ? json.get("query") : null;
		String text = (query != null) ? query.asString("").strip().replaceAll("\\s+", " ") : "";
		if (!text.equalsIgnoreCase("SELECT * FROM enrollments")) {
			return error(DpsError.BAD_REQUEST, "The emulator answers the query SELECT * FROM enrollments only");
		}
		int pageSize = DEFAULT_PAGE_SIZE;
		String max = exchange.header(MAX_ITEM_COUNT);
		if (max != null && !max.isBlank()) {
			try {
				pageSize = Integer.parseInt(max.strip());
			}
			catch (NumberFormatException ex) {
				pageSize = 0;
			}
			if (pageSize <= 0) {
				return error(DpsError.BAD_REQUEST, MAX_ITEM_COUNT + " must be a positive number");
			}
		}
		ServiceEnrollments.Page page;
		try {
			page = instance.enrollments().created().page(exchange.header(CONTINUATION), pageSize);
		}
		catch (IllegalArgumentException ex) {
			return error(DpsError.BAD_REQUEST, "The continuation token is not one this emulator gave");
		}
		ArrayNode items = EmulatorJson.MAPPER.createArrayNode();
		page.enrollments().forEach((enrollment) -> items.add(enrollment.withoutKeys()));
		EmulatorResponse response = EmulatorResponse.json(200, items).withHeader(ITEM_TYPE, "enrollment");
		return (page.continuation() != null) ? response.withHeader(CONTINUATION, page.continuation()) : response;
	}

	/**
	 * A configured enrollment group: without keys, or its {@code AttestationMechanism}
	 * with them.
	 */
	private EmulatorResponse group(EmulatedInstance instance, String enrollmentGroupId, boolean keys) {
		InstanceEnrollments.Group group = instance.enrollments().group(enrollmentGroupId);
		if (group == null) {
			return notFound("enrollment group", enrollmentGroupId);
		}
		ObjectNode attestation = EmulatorJson.MAPPER.createObjectNode().put("type", "symmetricKey");
		ObjectNode symmetricKey = attestation.putObject("symmetricKey");
		if (keys) {
			symmetricKey.put("primaryKey", group.keys().primaryBase64());
			symmetricKey.put("secondaryKey", group.keys().secondaryBase64());
			return EmulatorResponse.json(200, attestation);
		}
		ObjectNode document = EmulatorJson.MAPPER.createObjectNode()
			.put("enrollmentGroupId", group.enrollmentGroupId());
		document.set("attestation", attestation);
		document.put("provisioningStatus", "enabled");
		return EmulatorResponse.json(200, document);
	}

	/** {@code GET|DELETE /registrations/{id}}: the device's registration record. */
	private EmulatorResponse registration(EmulatedInstance instance, String registrationId, String method) {
		DeviceRegistry registry = instance.registry();
		if (method.equals("DELETE")) {
			if (!registry.deleteRecord(registrationId)) {
				return notFound("registration record", registrationId);
			}
			this.counters.registrationRecordsDeleted.increment();
			return noContent();
		}
		return registry.find(registrationId)
			.flatMap(DeviceRecord::latest)
			.map((operation) -> EmulatorResponse.json(200,
					EmulatorJson.RegistrationState.of(operation, registry.nanoTime())))
			.orElseGet(() -> notFound("registration record", registrationId));
	}

	private static Optional<ServiceEnrollments.Enrollment> enrolled(EmulatedInstance instance, String id) {
		return instance.enrollments().created().find(id);
	}

	/**
	 * The body as JSON, {@code null} when there is none; JSON only, as DPS takes it.
	 */
	private JsonNode parseBody(EmulatorExchange exchange, byte[] bytes) throws BodyException {
		if (bytes.length > RequestPipeline.MAX_BODY_BYTES) {
			throw new BodyException(error(DpsError.BAD_REQUEST, "The request body is larger than 96 KB"));
		}
		if (bytes.length == 0) {
			return null;
		}
		String contentType = exchange.header("Content-Type");
		if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith("application/json")) {
			throw new BodyException(error(DpsError.UNSUPPORTED_MEDIA_TYPE, null));
		}
		try {
			return EmulatorJson.MAPPER.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw new BodyException(error(DpsError.BAD_REQUEST, "The request body is not valid JSON"));
		}
	}

	/** A refused body and its answer. */
	private static final class BodyException extends Exception {

		private final transient EmulatorResponse response;

		BodyException(EmulatorResponse response) {
			super(null, null, false, false);
			this.response = response;
		}

	}

	private EmulatorResponse notFound(String what, String id) {
		return error(DpsError.RECORD_NOT_FOUND, "No " + what + " " + id);
	}

	private static EmulatorResponse noContent() {
		return new EmulatorResponse(204, List.of(), new byte[0]);
	}

	private EmulatorResponse error(DpsError error, String message) {
		return EmulatorResponse.error(error, message, now());
	}

	private Instant now() {
		return this.clock.instant();
	}

}
