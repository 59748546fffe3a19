package io.dpsbatch.dps;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What a run needs of a DPS client: a device sent on its asynchronous way, the counts of
 * what the client did, and its end. {@link DpsRegistrar} is the client; the register step
 * depends on this interface alone, so its rules (stop and drain, refused enrollments, DPS
 * unavailable) can be tried with futures a test completes.
 */
public interface Registrar extends AutoCloseable {

	/**
	 * Starts bringing one device to a final status; never blocks. The future completes
	 * normally whatever DPS said about the device, with {@link GroupKeyRefusedException}
	 * when DPS refuses the keys of the device's enrollment, and with
	 * {@link DpsUnavailableException} when DPS cannot be reached at all.
	 */
	CompletableFuture<RegistrationOutcome> provision(DeviceToRegister device);

	/** The run's counts so far; the pace is the one in force. */
	DpsStatistics statistics();

	/** The run's counts per DPS instance ({@code host/idscope}) that devices went to. */
	Map<String, DpsStatistics> statisticsPerInstance();

	/**
	 * Stops the client; every device not yet at a final status has its future completed
	 * exceptionally.
	 */
	@Override
	void close();

}
