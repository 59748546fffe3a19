package io.dpsbatch.bench;

/**
 * dps-batch's run of {@link Versus} at one in-flight budget: run as ./dps-batch runs the
 * jar, not judged alone.
 */
final class SideBySide extends Scenario {

	SideBySide(int devices, int inFlight) {
		super(Versus.NAME + "-dps-batch-" + inFlight, devices, Versus.EMULATOR, unpaced(inFlight), "512m",
				Versus.TIME_LIMIT);
	}

	@Override
	boolean asLauncher() {
		return true;
	}

	@Override
	String target() {
		return "side by side with the SDK";
	}

}
