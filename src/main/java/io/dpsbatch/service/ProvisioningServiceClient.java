package io.dpsbatch.service;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.dpsbatch.dps.DpsReply;

/**
 * The service API of one DPS instance (docs/dps.md#service-api-client-facts): individual
 * enrollments one at a time, in bulk and by query, enrollment groups, and registration
 * records. Made by {@link ServiceClients#client}; safe for use by several threads; every
 * method blocks until DPS has answered.
 * <p>
 * Every call is paced with the other calls to the same instance
 * ({@code dps.service-operations-per-minute}) and retried on 429, 5xx and connection
 * failures as {@link ServiceApiException#outcomeUnknown()} describes: reads, deletes
 * ({@code If-Match: *}) and writes of an enrollment whose keys the caller chose are
 * repeated; bulk calls and writes of enrollments whose keys DPS generates are never
 * repeated once they may have reached DPS.
 */
public final class ProvisioningServiceClient {

	/**
	 * DPS refuses bulk calls of more enrollments (docs/dps.md#service-api-client-facts).
	 */
	public static final int MAX_BULK = 10;

	private static final Map<String, String> IF_MATCH_ANY = Map.of("If-Match", "*");

	private final ServiceExchange exchange;

	private final ServiceJson json;

	ProvisioningServiceClient(ServiceExchange exchange, ServiceJson json) {
		this.exchange = exchange;
		this.json = json;
	}

	/**
	 * Creates the enrollment, or replaces it ({@code PUT /enrollments/{id}}); with an
	 * etag, only if DPS still has that version. The answer carries the keys DPS generated
	 * when the enrollment had none. Repeated after a lost answer only when the enrollment
	 * carries both its keys and no etag.
	 */
	public IndividualEnrollment createOrUpdate(IndividualEnrollment enrollment) {
		Objects.requireNonNull(enrollment.registrationId(), "registrationId");
		Map<String, String> headers = (enrollment.etag() != null) ? Map.of("If-Match", enrollment.etag()) : Map.of();
		ServiceRequest request = ServiceRequest.change("PUT", enrollmentPath(enrollment.registrationId()),
				this.json.write(enrollment), headers, enrollment.safeToRepeat(), false);
		return this.json.read(send(request), IndividualEnrollment.class, request.describe());
	}

	/** The enrollment, without its keys; empty when DPS has none of that ID. */
	public Optional<IndividualEnrollment> get(String registrationId) {
		return find(ServiceRequest.read("GET", enrollmentPath(registrationId), null, Map.of(), true),
				IndividualEnrollment.class);
	}

	/**
	 * Deletes the enrollment whatever its version ({@code If-Match: *}); repeating it
	 * does no harm, so it is repeated after a lost answer.
	 * @return {@code false} when DPS had no such enrollment (after a lost answer,
	 * possibly because the lost attempt deleted it: either way it is gone)
	 */
	public boolean delete(String registrationId) {
		return send(ServiceRequest.change("DELETE", enrollmentPath(registrationId), null, IF_MATCH_ANY, true, true))
			.status() != 404;
	}

	/** The enrollment's keys ({@code POST /enrollments/{id}/attestationmechanism}). */
	public AttestationMechanism attestationMechanism(String registrationId) {
		ServiceRequest request = ServiceRequest.read("POST", enrollmentPath(registrationId) + "/attestationmechanism",
				"{}", Map.of(), false);
		return this.json.read(send(request), AttestationMechanism.class, request.describe());
	}

	/**
	 * One bulk call ({@code POST /enrollments}) of at most {@link #MAX_BULK} enrollments.
	 * Failures of single enrollments come back in the result, by registration ID. Never
	 * repeated once it may have reached DPS: a repeated create would report the
	 * enrollments the first one made as already existing; a
	 * {@link ServiceApiException#outcomeUnknown()} says to read them back instead.
	 * @throws IllegalArgumentException for none or more than {@link #MAX_BULK}
	 * enrollments, before anything is sent
	 */
	public BulkResult bulk(BulkMode mode, List<IndividualEnrollment> enrollments) {
		Objects.requireNonNull(mode, "mode");
		if (enrollments.isEmpty() || enrollments.size() > MAX_BULK) {
			throw new IllegalArgumentException("a bulk call takes 1 to " + MAX_BULK + " enrollments, not "
					+ enrollments.size() + " (docs/dps.md#service-api-client-facts)");
		}
		ServiceRequest request = ServiceRequest.change("POST", "/enrollments", this.json.bulkBody(mode, enrollments),
				Map.of(), false, false);
		return this.json.read(send(request), BulkResult.class, request.describe());
	}

	/**
	 * Every enrollment the query selects ({@code POST /enrollments/query}), read a page
	 * of at most {@code pageSize} at a time as the stream is consumed, following
	 * {@code x-ms-continuation}. DPS's results carry no keys.
	 * @param query e.g. {@code SELECT * FROM enrollments}
	 */
	public Stream<IndividualEnrollment> query(String query, int pageSize) {
		if (pageSize < 1) {
			throw new IllegalArgumentException("pageSize must be at least 1, not " + pageSize);
		}
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new Pages(query, pageSize),
				Spliterator.ORDERED | Spliterator.NONNULL), false);
	}

	/** The enrollment group, without its keys; empty when DPS has none of that name. */
	public Optional<EnrollmentGroup> enrollmentGroup(String enrollmentGroupId) {
		return find(ServiceRequest.read("GET", "/enrollmentGroups/" + segment(enrollmentGroupId), null, Map.of(), true),
				EnrollmentGroup.class);
	}

	/** The enrollment group's keys. */
	public AttestationMechanism enrollmentGroupAttestationMechanism(String enrollmentGroupId) {
		ServiceRequest request = ServiceRequest.read("POST",
				"/enrollmentGroups/" + segment(enrollmentGroupId) + "/attestationmechanism", "{}", Map.of(), false);
		return this.json.read(send(request), AttestationMechanism.class, request.describe());
	}

	/** DPS's registration record of a device; empty when it has none. */
	public Optional<RegistrationRecord> registration(String registrationId) {
		return find(ServiceRequest.read("GET", "/registrations/" + segment(registrationId), null, Map.of(), true),
				RegistrationRecord.class);
	}

	/**
	 * Deletes a device's registration record whatever its version ({@code If-Match: *});
	 * repeated after a lost answer as {@link #delete} is.
	 * @return {@code false} when DPS had no such record
	 */
	public boolean deleteRegistration(String registrationId) {
		return send(ServiceRequest.change("DELETE", "/registrations/" + segment(registrationId), null, IF_MATCH_ANY,
				true, true))
			.status() != 404;
	}

	/** The pace in force for this client's DPS instance, in calls per minute. */
	public int pacePerMinute() {
		return this.exchange.pace().perMinute();
	}

	private <T> Optional<T> find(ServiceRequest request, Class<T> type) {
		DpsReply reply = send(request);
		return (reply.status() == 404) ? Optional.empty()
				: Optional.of(this.json.read(reply, type, request.describe()));
	}

	private DpsReply send(ServiceRequest request) {
		return this.exchange.send(request, this.json);
	}

	private static String enrollmentPath(String registrationId) {
		return "/enrollments/" + segment(registrationId);
	}

	/** A path segment: registration IDs need no encoding, but nothing else may pass. */
	private static String segment(String id) {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("an ID must not be empty");
		}
		return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** The pages of a query, each fetched when the previous one is used up. */
	private final class Pages implements Iterator<IndividualEnrollment> {

		private final String body;

		private final int pageSize;

		private final Deque<IndividualEnrollment> page = new ArrayDeque<>();

		private String continuation;

		private boolean last;

		Pages(String query, int pageSize) {
			this.body = ProvisioningServiceClient.this.json.queryBody(query);
			this.pageSize = pageSize;
		}

		@Override
		public boolean hasNext() {
			while (this.page.isEmpty() && !this.last) {
				fetch();
			}
			return !this.page.isEmpty();
		}

		@Override
		public IndividualEnrollment next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			return this.page.poll();
		}

		private void fetch() {
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("x-ms-max-item-count", Integer.toString(this.pageSize));
			if (this.continuation != null) {
				headers.put("x-ms-continuation", this.continuation);
			}
			ServiceRequest request = ServiceRequest.read("POST", "/enrollments/query", this.body, headers, false);
			DpsReply reply = send(request);
			this.page.addAll(ProvisioningServiceClient.this.json.readEnrollments(reply, request.describe()));
			this.continuation = reply.headers()
				.firstValue("x-ms-continuation")
				.filter((value) -> !value.isBlank())
				.orElse(null);
			this.last = this.continuation == null;
		}

	}

}
