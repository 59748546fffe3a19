package io.dpsbatch.emulator;

import java.util.concurrent.atomic.LongAdder;

/**
 * One emulated DPS instance: an ID scope with its enrollments, its registrations and its
 * registration quota. DPS counts registrations per instance
 * (docs/dps.md#quotas-and-throttling), so two ID scopes never take from each other's
 * quota, and a registration ID is unique within an ID scope
 * (docs/dps.md#registration-ids).
 *
 * @param idScope the ID scope, as configured
 * @param enrollments its groups and individual enrollments
 * @param registry its registrations
 * @param quota its registration quota
 * @param service its service host name and policy key
 * @param serviceQuota its operations quota (service API calls)
 * @param registerCalls register calls that reached it with a valid token (throttled ones
 * included)
 * @param throttled register calls its quota answered with 429
 */
record EmulatedInstance(String idScope, InstanceEnrollments enrollments, DeviceRegistry registry,
		RegistrationQuota quota, ServiceAccess service, RegistrationQuota serviceQuota, LongAdder registerCalls,
		LongAdder throttled) {

	EmulatedInstance(String idScope, InstanceEnrollments enrollments, DeviceRegistry registry, RegistrationQuota quota,
			ServiceAccess service, RegistrationQuota serviceQuota) {
		this(idScope, enrollments, registry, quota, service, serviceQuota, new LongAdder(), new LongAdder());
	}

}
