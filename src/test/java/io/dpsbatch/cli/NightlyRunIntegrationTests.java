package io.dpsbatch.cli;

import java.nio.file.Path;

/** The nightly-run scenarios on the embedded H2 file store. */
class NightlyRunIntegrationTests extends NightlyRunScenarios {

	@Override
	StoreUnderTest openStore(Path work) {
		return StoreUnderTest.h2(work);
	}

}
