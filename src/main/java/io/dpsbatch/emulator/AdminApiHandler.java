package io.dpsbatch.emulator;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.convert.DurationStyle;

/**
 * The emulator's own small API, for humans (curl) and for clients in other processes:
 * <ul>
 * <li>{@code GET /_emulator/counts}: {@link EmulatorCounts} as JSON;</li>
 * <li>{@code GET /_emulator/faults}: the fault settings in force;</li>
 * <li>{@code PUT /_emulator/faults}: new fault settings, a JSON object with the fields of
 * {@link FaultSettings} (absent fields are 0, {@code slowDelay} 1 s); {@code slowDelay}
 * is a duration such as {@code "PT0.5S"} or {@code "500ms"}, or a number of
 * milliseconds.</li>
 * </ul>
 * It never gets injected faults and needs no token: it listens on loopback only and shows
 * no secret.
 */
final class AdminApiHandler implements EmulatorExchange.Handler {

	static final String CONTEXT = "/_emulator";

	private static final Set<String> FAULT_FIELDS = Set.of("throttleRate", "internalErrorRate", "unavailableRate",
			"dropConnectionRate", "expiredTokenRate", "slowRate", "slowDelay", "seed", "dropAfterActingRate");

	private static final Logger logger = LoggerFactory.getLogger(AdminApiHandler.class);

	private final Supplier<EmulatorCounts> counts;

	private final FaultControl faults;

	private final Clock clock;

	AdminApiHandler(Supplier<EmulatorCounts> counts, FaultControl faults, Clock clock) {
		this.counts = counts;
		this.faults = faults;
		this.clock = clock;
	}

	@Override
	public void handle(EmulatorExchange exchange) {
		EmulatorResponse response;
		try {
			byte[] body = exchange.body(RequestPipeline.MAX_BODY_BYTES);
			response = answer(exchange.method(), exchange.rawPath(), body);
		}
		catch (IOException ex) {
			logger.debug("Could not read an admin request: {}", ex.toString());
			exchange.drop();
			return;
		}
		catch (RuntimeException ex) {
			logger.warn("The emulator's admin API failed", ex);
			response = EmulatorResponse.error(DpsError.INTERNAL_ERROR, this.clock.instant());
		}
		exchange.send(response);
	}

	private EmulatorResponse answer(String method, String path, byte[] body) {
		if (path.equals(CONTEXT + "/counts")) {
			return method.equals("GET") ? EmulatorResponse.json(200, this.counts.get()) : notAllowed("GET");
		}
		if (path.equals(CONTEXT + "/faults")) {
			return switch (method) {
				case "GET" -> EmulatorResponse.json(200, toJson(this.faults.settings()));
				case "PUT" -> putFaults(body);
				default -> notAllowed("GET, PUT");
			};
		}
		return EmulatorResponse.error(DpsError.NOT_FOUND, "No such resource: " + path, this.clock.instant());
	}

	private EmulatorResponse putFaults(byte[] body) {
		FaultSettings settings;
		try {
			settings = fromJson(EmulatorJson.MAPPER.readTree(body));
		}
		catch (JacksonException ex) {
			return badRequest("The body is not valid JSON");
		}
		catch (IllegalArgumentException ex) {
			return badRequest(ex.getMessage());
		}
		this.faults.apply(settings);
		return EmulatorResponse.json(200, toJson(settings));
	}

	static FaultSettings fromJson(JsonNode json) {
		if (json == null || !json.isObject()) {
			throw new IllegalArgumentException("The body must be a JSON object with the fields " + FAULT_FIELDS);
		}
		for (String name : json.propertyNames()) {
			if (!FAULT_FIELDS.contains(name)) {
				throw new IllegalArgumentException("Unknown field " + name + "; the fields are " + FAULT_FIELDS);
			}
		}
		return new FaultSettings(rate(json, "throttleRate"), rate(json, "internalErrorRate"),
				rate(json, "unavailableRate"), rate(json, "dropConnectionRate"), rate(json, "expiredTokenRate"),
				rate(json, "slowRate"), duration(json.get("slowDelay")), seed(json.get("seed")),
				rate(json, "dropAfterActingRate"));
	}

	static Map<String, Object> toJson(FaultSettings settings) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("throttleRate", settings.throttleRate());
		json.put("internalErrorRate", settings.internalErrorRate());
		json.put("unavailableRate", settings.unavailableRate());
		json.put("dropConnectionRate", settings.dropConnectionRate());
		json.put("expiredTokenRate", settings.expiredTokenRate());
		json.put("slowRate", settings.slowRate());
		json.put("slowDelay", settings.slowDelay().toString());
		json.put("seed", settings.seed());
		json.put("dropAfterActingRate", settings.dropAfterActingRate());
		return json;
	}

	private static double rate(JsonNode json, String name) {
		JsonNode value = json.get(name);
		if (value == null || value.isNull()) {
			return 0;
		}
		if (!value.isNumber()) {
			throw new IllegalArgumentException(name + " must be a number between 0 and 1");
		}
		return value.doubleValue();
	}

	private static Duration duration(JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isIntegralNumber()) {
			return Duration.ofMillis(value.longValue());
		}
		if (value.isString()) {
			try {
				return DurationStyle.detectAndParse(value.stringValue());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("slowDelay is not a duration (examples: \"500ms\", \"PT2S\")");
			}
		}
		throw new IllegalArgumentException("slowDelay must be a duration string or a number of milliseconds");
	}

	private static long seed(JsonNode value) {
		if (value == null || value.isNull()) {
			return 0;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong()) {
			throw new IllegalArgumentException("seed must be an integer");
		}
		return value.longValue();
	}

	private EmulatorResponse badRequest(String message) {
		return EmulatorResponse.error(DpsError.BAD_REQUEST, message, this.clock.instant());
	}

	private EmulatorResponse notAllowed(String allowed) {
		return EmulatorResponse.error(DpsError.METHOD_NOT_ALLOWED, this.clock.instant()).withHeader("Allow", allowed);
	}

}
