package io.dpsbatch.dps;

/**
 * DPS refuses an enrollment's keys (a group's, or the individual enrollments' own) for
 * every device tried at the start of a run and has accepted none: the run stops instead
 * of spending the instance's quota on a key that cannot work. No device is given a final
 * status for it, so the same command with the right key continues the batch. The message
 * names the keys by their fingerprints only.
 */
public class GroupKeyRefusedException extends DpsUnavailableException {

	private final String enrollment;

	public GroupKeyRefusedException(String message, String enrollment) {
		super(message, null);
		this.enrollment = enrollment;
	}

	/**
	 * The name of the enrollment whose keys DPS refuses ({@code ""} for the default one):
	 * only its devices stop, those of other enrollments go on.
	 */
	public String enrollment() {
		return this.enrollment;
	}

}
