package io.dpsbatch.cli;

import java.nio.file.Path;

/**
 * Overlapping runs on PostgreSQL (batch locks are advisory locks there): the real server,
 * a schema per test. Fails when PostgreSQL cannot be reached.
 */
class PostgresOverlappingRunIntegrationTests extends OverlappingRunScenarios {

	@Override
	StoreUnderTest openStore(Path work) throws Exception {
		return StoreUnderTest.postgres();
	}

}
