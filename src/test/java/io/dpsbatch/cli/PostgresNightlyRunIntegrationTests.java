package io.dpsbatch.cli;

import java.nio.file.Path;

/**
 * The nightly-run scenarios on PostgreSQL, the production store: the real server, a
 * schema per test (see {@link PostgresProvisionIntegrationTests}). Fails when PostgreSQL
 * cannot be reached.
 */
class PostgresNightlyRunIntegrationTests extends NightlyRunScenarios {

	@Override
	StoreUnderTest openStore(Path work) throws Exception {
		return StoreUnderTest.postgres();
	}

}
