package io.dpsbatch.cli;

import java.nio.file.Path;

/** Overlapping runs on the embedded H2 file store (runs in one process share it; see README). */
class OverlappingRunIntegrationTests extends OverlappingRunScenarios {

	@Override
	StoreUnderTest openStore(Path work) {
		return StoreUnderTest.h2(work);
	}

}
