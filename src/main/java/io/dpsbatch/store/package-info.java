/**
 * The results store (JDBC, H2 or PostgreSQL, schema by Flyway): batches, their devices
 * and statuses (the process indicator of a run), reservations of devices across batches,
 * run locks and run history.
 * <p>
 * Entry points: {@link io.dpsbatch.store.BatchRepository} (the batches),
 * {@link io.dpsbatch.store.DeviceImport} (rows in), {@link io.dpsbatch.store.DeviceQueue}
 * (the register step's work queue), {@link io.dpsbatch.store.DeviceResults} (read only:
 * counts as {@link io.dpsbatch.store.StatusCounts}, failures, the devices),
 * {@link io.dpsbatch.store.DeviceReservations}, {@link io.dpsbatch.store.RunLocks} and
 * {@link io.dpsbatch.store.BatchHistory}.
 */
package io.dpsbatch.store;
