package io.dpsbatch.cli;

import java.nio.file.Path;

/**
 * Overlapping runs on the embedded H2 file store (runs in one process share it; see
 * docs/operations.md#runs-at-the-same-time).
 */
class OverlappingRunIntegrationTests extends OverlappingRunScenarios {

	@Override
	StoreUnderTest openStore(Path work) {
		return StoreUnderTest.h2(work);
	}

}
