package io.dpsbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.dpsbatch.emulator.DpsEmulator;
import io.dpsbatch.emulator.WithEmulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Factory networks reach Azure through an HTTP proxy: the run tunnels its HTTPS through
 * {@code dps.proxy}.
 */
@WithEmulator
class ProxyIntegrationTests {

	@TempDir
	Path work;

	private DpsEmulator emulator;

	private Path manifest;

	@BeforeEach
	void startEmulator(DpsEmulator emulator) throws Exception {
		this.emulator = emulator;
		this.manifest = Files.write(this.work.resolve("proxied.csv"),
				Stream.concat(Stream.of("registrationId"), IntStream.range(0, 20).mapToObj((i) -> "proxied-" + i))
					.toList());
	}

	@Test
	void everyDpsConnectionGoesThroughTheProxyWithItsCredentials() throws Exception {
		try (ConnectProxy proxy = new ConnectProxy("line3", "p@ss:word")) {
			String withCredentials = proxy.address().replace("http://", "http://line3:p%40ss%3Aword@");
			CliRunner.Result result = new CliRunner(this.work).against(this.emulator)
				.with("--dps.proxy=" + withCredentials)
				.run("provision", "--manifest", this.manifest.toString());

			assertThat(result.exitCode()).as(result.toString()).isZero();
			String emulatorHost = this.emulator.endpoint().getHost() + ":" + this.emulator.endpoint().getPort();
			assertThat(proxy.tunnels()).isNotEmpty().allMatch(emulatorHost::equals);
			// the credentials go with the first CONNECT, not in answer to a 407
			assertThat(proxy.refused()).isEmpty();
			assertThat(this.emulator.counts().assigned()).isEqualTo(20);
			assertThat(result.out() + result.err()).doesNotContain("p@ss").doesNotContain("p%40ss");
		}
	}

	@Test
	void aProxyThatRefusesTheCredentialsFailsTheRunWithoutRegisteringAnything() throws Exception {
		try (ConnectProxy proxy = new ConnectProxy("line3", "right")) {
			CliRunner.Result result = new CliRunner(this.work).against(this.emulator)
				.with("--dps.proxy=" + proxy.address().replace("http://", "http://line3:wrong@"))
				.with("--dps.max-attempts=1")
				.run("provision", "--manifest", this.manifest.toString());

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
			assertThat(proxy.refused()).isNotEmpty();
			assertThat(this.emulator.counts().registerCalls()).isZero();
			assertThat(result.err()).contains("HTTP 407").contains("dps.proxy").doesNotContain("wrong");
		}
	}

}
