package io.dpsbatch.dps;

/**
 * DPS refuses the enrollment group key(s) for every device tried at the start of a run and has accepted
 * none: the run stops instead of spending the instance's quota on a key that cannot work. No device is
 * given a final status for it, so the same command with the right key continues the batch. The message
 * names the keys by their fingerprints only.
 */
public class GroupKeyRefusedException extends DpsUnavailableException {

	GroupKeyRefusedException(String message) {
		super(message, null);
	}

}
