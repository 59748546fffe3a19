package io.dpsbatch.manifest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code manifest.*} properties: where {@code provision --from-db} reads its devices.
 *
 * @param query the query whose rows are the devices: a column {@code registration_id} or
 * {@code registrationId} (matched without regard to case), optionally {@code payload},
 * every other column an attribute
 * @param datasource the factory database to run it on; the results store when no URL is
 * set
 */
@ConfigurationProperties("manifest")
public record ManifestProperties(@DefaultValue(ManifestProperties.DEFAULT_QUERY) String query,
		@DefaultValue Datasource datasource) {

	/** The documented default table. */
	public static final String DEFAULT_QUERY = "SELECT * FROM device_manifest";

	public ManifestProperties {
		query = (query != null && !query.isBlank()) ? query.strip() : DEFAULT_QUERY;
		datasource = (datasource != null) ? datasource : new Datasource(null, null, null);
	}

	/**
	 * The {@code manifest.datasource.*} properties.
	 *
	 * @param url JDBC URL of the factory database (PostgreSQL and H2 drivers are
	 * included); none means the results store
	 * @param username its user
	 * @param password its password (never shown)
	 */
	public record Datasource(String url, String username, String password) {

		public Datasource {
			url = (url != null && !url.isBlank()) ? url.strip() : null;
		}

		@Override
		public String toString() {
			return "Datasource[url=" + JdbcUrls.withoutSecrets(this.url) + ", username=" + this.username + ", password="
					+ ((this.password != null) ? "(set)" : "(none)") + "]";
		}

	}

}
