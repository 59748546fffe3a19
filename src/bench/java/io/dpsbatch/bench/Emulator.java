package io.dpsbatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.dpsbatch.emulator.EmulatorCounts;

/**
 * The DPS emulator in a process of its own, as an operator starts it:
 * {@code java -jar target/dps-batch.jar emulator --port 0 --emulator.*=...}, its settings
 * read from its output.
 */
final class Emulator implements AutoCloseable {

	/** A setting line of its output: {@code   dps.id-scope=0ne00EMU001}. */
	private static final Pattern SETTING = Pattern.compile("^\\s+(dps\\.[a-z.-]+)=(.*)$");

	/** The settings it prints for a client, all of which a run needs. */
	private static final int SETTINGS = 7;

	private final Process process;

	private final Map<String, String> settings;

	private final Instant ready;

	private Emulator(Process process, Map<String, String> settings) {
		this.process = process;
		this.settings = settings;
		this.ready = Instant.now();
	}

	static Emulator start(Workspace workspace, Path dir, Map<String, String> properties, Instant deadline)
			throws IOException, InterruptedException {
		return start(workspace, dir, properties, Map.of(), deadline);
	}

	static Emulator start(Workspace workspace, Path dir, Map<String, String> properties,
			Map<String, String> environment, Instant deadline) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(workspace.java()));
		if (workspace.profile()) {
			command.add("-XX:StartFlightRecording=filename=" + dir.resolve("emulator.jfr") + ",settings=profile");
		}
		command.addAll(List.of("-jar", workspace.jar().toString(), "emulator", "--port", "0",
				"--emulator.state-dir=" + dir.resolve("emulator")));
		properties.forEach((name, value) -> command.add("--emulator." + name + "=" + value));
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
			.redirectError(dir.resolve("emulator.log").toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		Map<String, String> settings = new HashMap<>();
		Thread pump = new Thread(() -> readSettings(process, settings), "emulator-output");
		pump.setDaemon(true);
		pump.start();
		Instant ready = Instant.now().plusSeconds(60);
		synchronized (settings) {
			while (settings.size() < SETTINGS) {
				if (!process.isAlive() || Instant.now().isAfter(ready) || Instant.now().isAfter(deadline)) {
					stop(process);
					throw new IllegalStateException("the emulator did not start; see " + dir.resolve("emulator.log"));
				}
				settings.wait(500);
			}
		}
		return new Emulator(process, settings);
	}

	/**
	 * Reads its output to its end (the pipe must not fill up), keeping the settings it
	 * prints.
	 */
	private static void readSettings(Process process, Map<String, String> settings) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line; (line = reader.readLine()) != null;) {
				Matcher m = SETTING.matcher(line);
				if (m.matches()) {
					synchronized (settings) {
						settings.put(m.group(1), m.group(2));
						settings.notifyAll();
					}
				}
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	String setting(String name) {
		synchronized (this.settings) {
			return this.settings.get(name);
		}
	}

	/** When it was ready for clients: its field-load schedule counts from about then. */
	Instant ready() {
		return this.ready;
	}

	Duration cpu() {
		return this.process.info().totalCpuDuration().orElse(Duration.ZERO);
	}

	/**
	 * What it has seen, from its admin API ({@code GET /_emulator/counts}); empty when it
	 * cannot be read.
	 */
	Optional<EmulatorCounts> counts() {
		try (InputStream in = Files.newInputStream(Path.of(setting("dps.trust-store")))) {
			KeyStore trust = KeyStore.getInstance(setting("dps.trust-store-type"));
			trust.load(in, setting("dps.trust-store-password").toCharArray());
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(null, factory.getTrustManagers(), null);
			HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
			HttpResponse<InputStream> response = client.send(
					HttpRequest.newBuilder(URI.create(setting("dps.global-endpoint") + "/_emulator/counts")).build(),
					HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream body = response.body()) {
				return Optional.of(Json.MAPPER.readValue(body, EmulatorCounts.class));
			}
		}
		catch (Exception ex) {
			return Optional.empty();
		}
	}

	/** Stops it as Ctrl-C does, forcibly when it takes more than 20 seconds. */
	@Override
	public void close() throws InterruptedException {
		stop(this.process);
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(20, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			process.waitFor();
		}
	}

}
