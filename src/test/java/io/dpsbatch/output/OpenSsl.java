package io.dpsbatch.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl binary, as a flashing station would, to open credentials.csv.p7m. */
public final class OpenSsl {

	private OpenSsl() {
	}

	/** What openssl did: its exit code, and what it wrote to {@code out}. */
	public record Decrypted(int exitCode, byte[] plaintext, String errors) {
	}

	/**
	 * {@code openssl cms -decrypt -binary -inform DER -in FILE -recip CERT -inkey KEY -out OUT}.
	 */
	public static Decrypted decrypt(Path file, TestCertificates.Station station, Path out)
			throws IOException, InterruptedException {
		Path errors = Files.createTempFile(out.getParent(), "openssl", ".err");
		Process process = new ProcessBuilder(List.of("openssl", "cms", "-decrypt", "-binary", "-inform", "DER", "-in",
				file.toString(), "-recip", station.certificate().toString(), "-inkey", station.privateKey().toString(),
				"-out", out.toString()))
			.redirectError(errors.toFile())
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("openssl did not end within 60 s");
		}
		byte[] plaintext = Files.exists(out) ? Files.readAllBytes(out) : new byte[0];
		return new Decrypted(process.exitValue(), plaintext, Files.readString(errors));
	}

}
