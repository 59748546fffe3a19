package io.dpsbatch.enrollment;

import java.net.URI;
import java.nio.file.Path;

/**
 * The default enrollment's settings: the top-level {@code dps.*} ones, which
 * {@code DpsProperties} binds because the DPS client reads the endpoint and ID scope too.
 * Handed over as this value, so that the enrollments need not know the client's
 * properties. The ID scope and endpoint are also the defaults of each named enrollment.
 * {@link #toString()} never shows a key.
 *
 * @param idScope {@code dps.id-scope}
 * @param globalEndpoint {@code dps.global-endpoint}
 * @param groupKey {@code dps.group-key}, the default group's primary key (base64)
 * @param groupKeyFile {@code dps.group-key-file}, a file holding it, instead
 * @param secondaryGroupKey {@code dps.secondary-group-key}, used when DPS refuses the
 * primary
 * @param secondaryGroupKeyFile {@code dps.secondary-group-key-file}, a file holding it,
 * instead
 */
public record DefaultEnrollmentSettings(String idScope, URI globalEndpoint, String groupKey, Path groupKeyFile,
		String secondaryGroupKey, Path secondaryGroupKeyFile) {

	@Override
	public String toString() {
		return "DefaultEnrollmentSettings[idScope=" + this.idScope + ", globalEndpoint=" + this.globalEndpoint
				+ ", groupKey=" + hidden(this.groupKey) + ", groupKeyFile=" + this.groupKeyFile + ", secondaryGroupKey="
				+ hidden(this.secondaryGroupKey) + ", secondaryGroupKeyFile=" + this.secondaryGroupKeyFile + "]";
	}

	private static String hidden(String secret) {
		return (secret != null) ? "[hidden]" : "null";
	}

}
