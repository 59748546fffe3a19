package io.dpsbatch.emulator;

import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A rehearsal of a DPS custom allocation policy: what an Azure Function behind the
 * enrollment group would answer, as rules instead of code. DPS sends the webhook the
 * device's payload; the webhook answers with the hub ({@code iotHubHostName}) and
 * optionally a payload, which DPS passes back to the device in
 * {@code registrationState.payload}
 * (learn.microsoft.com/azure/iot-dps/how-to-send-additional-data,
 * concepts-custom-allocation). Here the first rule whose {@code value} equals the device
 * payload's {@code payload-field} decides; a payload sent as a string of JSON text (as
 * Microsoft's Java SDK does) is read as the object it holds.
 *
 * @param payloadField the field of the device's payload the rules look at: a top-level
 * field name, or a JSON pointer such as {@code /product/model} for a nested one
 * @param rules tried in order; the first match decides. No match: the default allocation
 * (a hub by the ID's hash, no payload), as if the group had no webhook
 */
public record CustomAllocation(String payloadField, List<Rule> rules) {

	/**
	 * One answer of the webhook.
	 *
	 * @param value the payload field's value (its text; {@code *} matches any value, also
	 * an absent field)
	 * @param hub the hub the device goes to; empty: a hub of {@code emulator.hubs} by the
	 * ID's hash
	 * @param payload a JSON object returned to the device, written as JSON text; empty:
	 * none
	 */
	public record Rule(String value, String hub, String payload) {

		public Rule {
			if (value == null || value.isEmpty()) {
				throw new IllegalArgumentException("every emulator.custom-allocation rule needs a value (or *)");
			}
			hub = (hub != null && !hub.isBlank()) ? hub.strip() : null;
			payload = (payload != null && !payload.isBlank()) ? payload : null;
			if (payload != null) {
				parse(payload);
			}
		}

		JsonNode returnedPayload() {
			return (this.payload != null) ? parse(this.payload) : null;
		}

		private static JsonNode parse(String payload) {
			try {
				JsonNode json = EmulatorJson.MAPPER.readTree(payload);
				if (json == null || !json.isObject()) {
					throw new IllegalArgumentException("an emulator.custom-allocation payload must be a JSON object");
				}
				return json;
			}
			catch (JacksonException ex) {
				throw new IllegalArgumentException(
						"an emulator.custom-allocation payload is not valid JSON: " + ex.getOriginalMessage());
			}
		}

	}

	public CustomAllocation {
		rules = (rules != null) ? List.copyOf(rules) : List.of();
		payloadField = (payloadField != null && !payloadField.isBlank()) ? payloadField.strip() : null;
		if (!rules.isEmpty() && payloadField == null) {
			throw new IllegalArgumentException("emulator.custom-allocation.payload-field is required with rules");
		}
	}

	static CustomAllocation none() {
		return new CustomAllocation(null, List.of());
	}

	boolean enabled() {
		return !this.rules.isEmpty();
	}

	/**
	 * The rule that decides for a device sending this payload ({@code null} when it sent
	 * none).
	 */
	Rule ruleFor(JsonNode devicePayload) {
		String value = valueOf(devicePayload);
		for (Rule rule : this.rules) {
			if (rule.value().equals("*") || rule.value().equals(value)) {
				return rule;
			}
		}
		return null;
	}

	private String valueOf(JsonNode devicePayload) {
		if (devicePayload != null && devicePayload.isString()) {
			devicePayload = objectIn(devicePayload.stringValue());
		}
		if (devicePayload == null) {
			return null;
		}
		JsonNode field = this.payloadField.startsWith("/") ? devicePayload.at(this.payloadField)
				: devicePayload.get(this.payloadField);
		if (field == null || field.isMissingNode() || field.isNull() || field.isContainer()) {
			return null;
		}
		return field.asString();
	}

	/**
	 * Microsoft's Java SDK sends the payload as a string holding the JSON object's text;
	 * a webhook written for it parses that text, and so do the rules.
	 */
	private static JsonNode objectIn(String text) {
		try {
			JsonNode json = EmulatorJson.MAPPER.readTree(text);
			return (json != null && json.isObject()) ? json : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
