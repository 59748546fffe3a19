package io.dpsbatch.job;

import java.util.ArrayList;
import java.util.List;

import io.dpsbatch.enrollment.Enrollment;
import io.dpsbatch.enrollment.Enrollment.GroupInDps;
import io.dpsbatch.enrollment.Enrollments;
import io.dpsbatch.exit.ExitCode;
import io.dpsbatch.keys.EnrollmentKeys;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.keys.InvalidKeyException;
import io.dpsbatch.service.AttestationMechanism;
import io.dpsbatch.service.AttestationMechanism.SymmetricKeys;
import io.dpsbatch.service.EnrollmentGroup;
import io.dpsbatch.service.ProvisioningServiceClient;
import io.dpsbatch.service.ServiceApiException;
import io.dpsbatch.service.ServiceClients;

/**
 * Checks, through the DPS service API, every enrollment group that has an
 * {@code enrollment-group-id} and a service connection string, before the first register
 * call: the group exists, is enabled and uses symmetric keys, and each configured group
 * key is its primary or its secondary key. A group configured without keys gets the two
 * keys DPS has (read with its attestation mechanism, held in memory only). Two read calls
 * per group; nothing is changed in DPS. A key DPS would refuse is caught here, once,
 * instead of by a register call per device.
 */
final class EnrollmentGroupCheck {

	private final ServiceClients clients;

	EnrollmentGroupCheck(ServiceClients clients) {
		this.clients = clients;
	}

	/**
	 * @return the enrollments, the groups configured without keys given those of DPS, and
	 * a line per group checked (no key in it)
	 * @throws EnrollmentGroupException (exit 64) for a group or key to fix or refused
	 * credentials; (exit 1) when DPS could not answer
	 */
	Checked check(Enrollments enrollments) {
		List<String> findings = new ArrayList<>();
		Enrollments checked = enrollments.map((enrollment) -> enrollment.groupInDps()
			.map((group) -> check(enrollment, group, findings))
			.orElse(enrollment));
		return new Checked(checked, findings);
	}

	private Enrollment check(Enrollment enrollment, GroupInDps group, List<String> findings) {
		String which = "enrollment group '" + group.enrollmentGroupId() + "' of " + enrollment.describe();
		ProvisioningServiceClient client = this.clients.client(group.access().connectionString(),
				group.access().endpoint());
		try {
			EnrollmentGroup found = client.enrollmentGroup(group.enrollmentGroupId())
				.orElseThrow(() -> missing(which, group));
			if (!found.enabled()) {
				throw usage(which + " is disabled in DPS: enable it, or set " + group.property()
						+ " to an enabled group; nothing was sent");
			}
			requireSymmetricKeys(found.attestation(), which, group);
			AttestationMechanism mechanism = client.enrollmentGroupAttestationMechanism(group.enrollmentGroupId());
			requireSymmetricKeys(mechanism, which, group);
			EnrollmentKeys inDps = keys(mechanism.symmetricKey(), which);
			EnrollmentKeys configured = enrollment.groupKeys();
			if (configured == null) {
				findings.add(which + ": exists, enabled, symmetric keys; its keys were read from DPS");
				return enrollment.withGroupKeys(inDps);
			}
			String primary = role(configured.primary(), inDps, enrollment.propertyPrefix() + ".group-key", which);
			if (configured.hasSecondary()) {
				role(configured.secondary(), inDps, enrollment.propertyPrefix() + ".secondary-group-key", which);
			}
			findings.add(which + ": exists, enabled, symmetric keys; the configured group key is its " + primary);
			return enrollment;
		}
		catch (ServiceApiException ex) {
			throw failure(ex, which, group);
		}
	}

	/**
	 * Which of the group's keys in DPS {@code key} is.
	 * @throws EnrollmentGroupException when it is neither
	 */
	private static String role(GroupKey key, EnrollmentKeys inDps, String property, String which) {
		if (key.equals(inDps.primary())) {
			return "primary key";
		}
		if (key.equals(inDps.secondary())) {
			return "secondary key";
		}
		throw usage("the key of " + property + " (or -file; fingerprint " + key.fingerprint() + ") is neither the "
				+ "primary nor the secondary key of " + which + " in DPS: it is mistyped, or the group's keys were "
				+ "regenerated. Set it to the group's current primary key, or leave the group key out to have it read "
				+ "from DPS; nothing was sent");
	}

	private static void requireSymmetricKeys(AttestationMechanism attestation, String which, GroupInDps group) {
		String type = (attestation != null) ? attestation.type() : null;
		if (!"symmetricKey".equalsIgnoreCase(type)) {
			throw usage(which + " uses " + ((type != null) ? type : "no") + " attestation, not symmetric keys: "
					+ "dps-batch registers devices with keys derived from a symmetric-key group. Set "
					+ group.property() + " to a symmetric-key group; nothing was sent");
		}
	}

	private static EnrollmentKeys keys(SymmetricKeys keys, String which) {
		try {
			GroupKey primary = GroupKey.fromBase64((keys != null) ? keys.primaryKey() : null);
			String secondary = keys.secondaryKey();
			return new EnrollmentKeys(primary, (secondary != null) ? GroupKey.fromBase64(secondary) : null);
		}
		catch (InvalidKeyException ex) {
			// the message names the problem, never the key
			throw new EnrollmentGroupException(
					"DPS sent unusable keys for " + which + ": " + ex.getMessage() + "; nothing was sent",
					ExitCode.FAILED, ex);
		}
	}

	private static EnrollmentGroupException missing(String which, GroupInDps group) {
		return usage(which + " does not exist in DPS instance " + group.access().connectionString().hostName()
				+ ": set " + group.property() + " to the ID of one of its enrollment groups (the portal lists them "
				+ "under Manage enrollments); nothing was sent");
	}

	private static EnrollmentGroupException failure(ServiceApiException ex, String which, GroupInDps group) {
		if (ex.status() == 401 || ex.status() == 403) {
			return new EnrollmentGroupException("DPS refused the service connection string " + group.access().property()
					+ " (HTTP " + ex.status() + ") while checking " + which + ": set it to the connection string of a "
					+ "shared access policy of that DPS instance with the EnrollmentRead permission; nothing was sent",
					ExitCode.USAGE, ex);
		}
		if (ex.status() == 404) {
			return missing(which, group);
		}
		return new EnrollmentGroupException("could not check " + which + " through the DPS service API: "
				+ ex.getMessage() + ". Nothing was sent; run the same command again", ExitCode.FAILED, ex);
	}

	private static EnrollmentGroupException usage(String message) {
		return new EnrollmentGroupException(message, ExitCode.USAGE, null);
	}

	/**
	 * The enrollments after the check, and what was checked.
	 *
	 * @param enrollments the enrollments, with the keys read from DPS
	 * @param findings one line per group checked, without a key
	 */
	record Checked(Enrollments enrollments, List<String> findings) {

		Checked {
			findings = List.copyOf(findings);
		}

	}

}
