package io.dpsbatch.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.dpsbatch.DpsBatchApplication;
import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.EmulatorCounts;
import io.dpsbatch.register.PendingDeviceReader;
import io.dpsbatch.store.BatchRecord;
import io.dpsbatch.store.BatchRepository;
import io.dpsbatch.store.DeviceImport;
import io.dpsbatch.store.DeviceResults;
import io.dpsbatch.store.DeviceStatus;
import io.dpsbatch.store.ImportedRow;
import io.dpsbatch.store.PendingDevice;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.batch.test.StepScopeTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The provision job as a Spring Batch job: launched with {@link JobOperatorTestUtils} in
 * the application's context, against the embedded emulator, on an in-memory H2 store;
 * each test checks the job repository (which steps ran, how they ended, what they saved)
 * and the results store. The batch name is the job's only parameter, and each test has
 * its own batch (and devices), so the tests share one context.
 */
@SpringBootTest(classes = DpsBatchApplication.class)
class ProvisionJobFunctionalTests {

	private static final Path WORK = temporaryFolder();

	/**
	 * The key under which the register step's reader once saved a read position; it saves
	 * none now.
	 */
	private static final String OLD_POSITION = "pending.lastClaimedLine";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:job-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		registry.add("spring.batch.job.enabled", () -> "false");
		registry.add("dpsbatch.embedded-emulator", () -> "true");
		registry.add("emulator.state-dir", () -> WORK.resolve("emulator").toString());
		// as the overhead benchmark: DPS answers at once and the pace is no limit, so
		// runs take seconds
		registry.add("emulator.assignment-delay", () -> "0ms");
		registry.add("emulator.retry-after", () -> "0");
		registry.add("emulator.registrations-per-minute", () -> "0");
		registry.add("dps.registrations-per-minute", () -> "600000");
		registry.add("batch.output-dir", () -> WORK.resolve("out").toString());
		registry.add("progress.mode", () -> "log");
	}

	@Autowired
	private JobOperator jobOperator;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	@Qualifier("provisionJob")
	private Job provisionJob;

	@Autowired
	private BatchRepository batches;

	@Autowired
	private DeviceResults reports;

	@Autowired
	private DeviceImport deviceImport;

	@Autowired
	private ProvisioningTarget dps;

	@Autowired
	private DpsEmulator emulator;

	@Autowired
	private StopRequest stopRequest;

	/**
	 * The register step's reader: a step-scoped proxy, bound to the step execution in
	 * scope.
	 */
	@Autowired
	private PendingDeviceReader pendingDeviceReader;

	private JobOperatorTestUtils jobs;

	@BeforeEach
	void jobsOfTheProvisionJob() {
		this.jobs = new JobOperatorTestUtils(this.jobOperator, this.jobRepository);
		this.jobs.setJob(this.provisionJob);
		this.stopRequest.withdraw();
	}

	@Test
	void theJobImportsRegistersAndExportsEveryDeviceAndTheRegisterStepCountsWhatItReadAndSavesNoPosition()
			throws Exception {
		String batch = newBatch("whole", 50);

		JobExecution execution = this.jobs.startJob(BatchJobs.parameters(batch));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(execution.getStepExecutions()).extracting(StepExecution::getStepName, StepExecution::getStatus)
			.containsExactly(step("import", BatchStatus.COMPLETED), step("reserve", BatchStatus.COMPLETED),
					step("register", BatchStatus.COMPLETED), step("export", BatchStatus.COMPLETED));
		StepExecution register = stepOf(execution, "register");
		assertThat(register.getReadCount()).isEqualTo(50);
		assertThat(register.getWriteCount()).isEqualTo(50);
		// the device statuses are the process indicator: the step's context holds no read
		// position
		assertThat(register.getExecutionContext().containsKey(OLD_POSITION)).isFalse();
		assertThat(this.reports.totals(batch).count(DeviceStatus.ASSIGNED)).isEqualTo(50);
		assertThat(Files.readAllLines(WORK.resolve("out").resolve(batch).resolve("credentials.csv"))).hasSize(51);
		assertThat(registerCalls("whole")).hasSize(50).allSatisfy((calls) -> assertThat(calls).isOne());
	}

	@Test
	void aRegisterStepThatFailedIsRestartedAloneAndFinishesTheBatch() throws Exception {
		String batch = newBatch("unreachable", 30);
		this.emulator.suspend();
		JobExecution failed;
		try {
			failed = this.jobs.startJob(BatchJobs.parameters(batch));
		}
		finally {
			this.emulator.resume();
		}
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(stepOf(failed, "import").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(stepOf(failed, "register").getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(this.reports.totals(batch).count(DeviceStatus.ASSIGNED)).isZero();

		JobExecution restarted = this.jobs.startJob(BatchJobs.parameters(batch));

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(restarted.getJobInstanceId()).isEqualTo(failed.getJobInstanceId());
		// a completed step is not run again; the reservation step runs on every execution
		// (reservations are a run's)
		assertThat(restarted.getStepExecutions()).extracting(StepExecution::getStepName)
			.containsExactly("reserve", "register", "export");
		JobInstance instance = this.jobRepository.getJobInstance(BatchJobs.NAME, BatchJobs.parameters(batch));
		assertThat(this.jobRepository.getJobExecutions(instance)).extracting(JobExecution::getStatus)
			.containsExactlyInAnyOrder(BatchStatus.FAILED, BatchStatus.COMPLETED);
		assertThat(this.reports.totals(batch).count(DeviceStatus.ASSIGNED)).isEqualTo(30);
		assertThat(registerCalls("unreachable")).hasSize(30).allSatisfy((calls) -> assertThat(calls).isOne());
	}

	@Test
	void anImportThatFailedMidFileResumesAfterTheLastCommittedChunk() throws Exception {
		int rows = ProvisionJobConfiguration.IMPORT_CHUNK + 500;
		String batch = newBatch("midfile", rows);
		// what a run that died in the import's second chunk left: the first chunk
		// committed (store and the reader's position in the step's context together), the
		// step and the job FAILED
		JobParameters parameters = BatchJobs.parameters(batch);
		JobInstance instance = this.jobRepository.createJobInstance(BatchJobs.NAME, parameters);
		JobExecution died = this.jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
		StepExecution importStep = this.jobRepository.createStepExecution("import", died);
		List<ImportedRow> firstChunk = IntStream.range(0, ProvisionJobConfiguration.IMPORT_CHUNK)
			.mapToObj((i) -> new ImportedRow(i + 2, "midfile-" + i, null, Map.of("serialNumber", "SN-" + i), null))
			.toList();
		this.deviceImport.importRows(batch, firstChunk);
		importStep.getExecutionContext().putInt("manifest.read.count", ProvisionJobConfiguration.IMPORT_CHUNK);
		this.jobRepository.updateExecutionContext(importStep);
		endFailed(importStep);
		died.setStatus(BatchStatus.FAILED);
		died.setEndTime(LocalDateTime.now());
		this.jobRepository.update(died);

		JobExecution restarted = this.jobs.startJob(parameters);

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		StepExecution resumedImport = stepOf(restarted, "import");
		assertThat(resumedImport.getReadCount()).isEqualTo(500);
		assertThat(resumedImport.getWriteCount()).isEqualTo(500);
		// read again from the start, the first chunk's rows would now be rejected as
		// duplicates of themselves
		assertThat(this.reports.totals(batch).count(DeviceStatus.REJECTED)).isZero();
		assertThat(this.reports.totals(batch).count(DeviceStatus.ASSIGNED)).isEqualTo(rows);
		assertThat(this.batches.state(batch).imported()).isTrue();
	}

	@Test
	void aRegisterStepStoppedOnRequestRecordsWhatItSentAndResumesWithoutRegisteringAnyDeviceTwice() throws Exception {
		int devices = 3000;
		String batch = newBatch("stopped", devices);
		// the run takes seconds, and is asked to stop once a tenth of the devices are in
		CompletableFuture<Void> stopper = CompletableFuture.runAsync(() -> {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.reports.totals(batch).count(DeviceStatus.ASSIGNED) >= 300);
			this.stopRequest.request();
		});

		JobExecution stopped = this.jobs.startJob(BatchJobs.parameters(batch));
		stopper.get(60, TimeUnit.SECONDS);

		assertThat(stopped.getStatus()).isEqualTo(BatchStatus.STOPPED);
		StepExecution stoppedRegister = stepOf(stopped, "register");
		assertThat(stoppedRegister.getStatus()).isEqualTo(BatchStatus.STOPPED);
		long assignedWhenStopped = this.reports.totals(batch).count(DeviceStatus.ASSIGNED);
		assertThat(assignedWhenStopped).isBetween(300L, devices - 1L);
		// every outcome that arrived was recorded with the step (drained); no position is
		// saved with it
		assertThat(stoppedRegister.getWriteCount()).isEqualTo(assignedWhenStopped);
		assertThat(stoppedRegister.getReadCount()).isBetween(assignedWhenStopped, (long) devices);
		assertThat(stoppedRegister.getExecutionContext().containsKey(OLD_POSITION)).isFalse();

		this.stopRequest.withdraw();
		JobExecution resumed = this.jobs.startJob(BatchJobs.parameters(batch));

		assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(stepOf(resumed, "register").getWriteCount()).isEqualTo(devices - assignedWhenStopped);
		// the resumed step reads what the statuses say is left, from the first PENDING
		// line
		assertThat(stepOf(resumed, "register").getReadCount()).isEqualTo(devices - assignedWhenStopped);
		assertThat(this.reports.totals(batch).count(DeviceStatus.ASSIGNED)).isEqualTo(devices);
		assertThat(registerCalls("stopped")).hasSize(devices).allSatisfy((calls) -> assertThat(calls).isOne());
	}

	@Test
	void thePendingDeviceReaderOfAStepReadsTheBatchInLineOrderFromTheFirstPendingLine() throws Exception {
		String batch = newBatch("reader", 5);
		this.deviceImport.importRows(batch,
				IntStream.range(0, 5)
					.mapToObj((i) -> new ImportedRow(i + 2, "reader-" + i, null, Map.of(), null))
					.toList());
		ExecutionContext saved = new ExecutionContext();
		saved.putLong(OLD_POSITION, 3);
		StepExecution stepExecution = MetaDataInstanceFactory.createStepExecution(BatchJobs.parameters(batch), saved);

		List<Long> lines = StepScopeTestUtils.doInStepScope(stepExecution, () -> {
			PendingDeviceReader reader = this.pendingDeviceReader;
			reader.open(stepExecution.getExecutionContext());
			List<Long> read = new ArrayList<>();
			for (PendingDevice device = reader.read(); device != null; device = reader.read()) {
				read.add(device.line());
			}
			reader.update(stepExecution.getExecutionContext());
			return read;
		});

		// a position an earlier version saved is ignored: the statuses say what is left
		assertThat(lines).containsExactly(2L, 3L, 4L, 5L, 6L);
		assertThat(stepExecution.getExecutionContext().getLong(OLD_POSITION)).isEqualTo(3);
		// reading marks nothing: the window marks the devices it sends
		assertThat(this.reports.totals(batch).count(DeviceStatus.PENDING)).isEqualTo(5);
	}

	/**
	 * A batch in the store with a manifest of {@code devices} rows {@code prefix-i}, not
	 * yet imported.
	 */
	private String newBatch(String prefix, int devices) throws IOException {
		String batch = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> lines = new ArrayList<>();
		lines.add("registrationId,serialNumber");
		IntStream.range(0, devices).forEach((i) -> lines.add(prefix + "-" + i + ",SN-" + i));
		Path manifest = Files.write(WORK.resolve(batch + ".csv"), lines);
		this.batches.createBatch(new BatchRecord(batch, manifest.toString(), "sha",
				this.dps.enrollments().find("").orElseThrow().fingerprints().get(0), this.dps.properties().idScope(),
				this.dps.properties().globalEndpoint().toString(), List.of("serialNumber"), devices, Instant.now()));
		return batch;
	}

	private List<Integer> registerCalls(String prefix) {
		EmulatorCounts counts = this.emulator.counts();
		return counts.registerCallsByDevice()
			.entrySet()
			.stream()
			.filter((device) -> device.getKey().startsWith(prefix + "-"))
			.map((device) -> device.getValue().intValue())
			.toList();
	}

	private void endFailed(StepExecution stepExecution) {
		stepExecution.setStatus(BatchStatus.FAILED);
		stepExecution.setEndTime(LocalDateTime.now());
		this.jobRepository.update(stepExecution);
	}

	private static StepExecution stepOf(JobExecution execution, String name) {
		return execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no step " + name + " in " + execution.getStepExecutions()));
	}

	private static Tuple step(String name, BatchStatus status) {
		return Tuple.tuple(name, status);
	}

	private static Path temporaryFolder() {
		try {
			return Files.createTempDirectory("dps-batch-job-tests-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
