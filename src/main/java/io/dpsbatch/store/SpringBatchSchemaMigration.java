package io.dpsbatch.store;

import java.sql.Connection;
import java.util.Locale;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.stereotype.Component;

/**
 * Version 1 of the schema: Spring Batch's own tables, created from the script that ships
 * in spring-batch-core for the database at hand, so that they are never copied into this
 * project and always match the Spring Batch version in use. Boot's Flyway
 * auto-configuration picks up {@code JavaMigration} beans.
 */
@Component
class SpringBatchSchemaMigration implements JavaMigration {

	@Override
	public String getDescription() {
		return "Spring Batch schema";
	}

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("1");
	}

	@Override
	public Integer getChecksum() {
		return null;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
		String platform = product.contains("postgres") ? "postgresql" : product.contains("h2") ? "h2" : null;
		if (platform == null) {
			throw new IllegalStateException(
					"dps-batch supports H2 and PostgreSQL as its results store, not " + product);
		}
		ScriptUtils.executeSqlScript(connection, new ClassPathResource(platformScript(platform)));
	}

	private static String platformScript(String platform) {
		return "org/springframework/batch/core/schema-" + platform + ".sql";
	}

}
