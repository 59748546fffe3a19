package io.dpsbatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what the whole JVM writes to standard output and standard error while it is
 * open (log lines go to standard error, see logback-spring.xml), still passing it on.
 * Tests in this project run one at a time, so what it holds is what the run under test
 * printed.
 */
final class ConsoleCapture implements AutoCloseable {

	private final PrintStream originalOut = System.out;

	private final PrintStream originalErr = System.err;

	private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

	private ConsoleCapture() {
		System.setOut(tee(this.originalOut));
		System.setErr(tee(this.originalErr));
	}

	static ConsoleCapture start() {
		return new ConsoleCapture();
	}

	/** Everything written so far. */
	String text() {
		synchronized (this.captured) {
			return this.captured.toString(StandardCharsets.UTF_8);
		}
	}

	@Override
	public void close() {
		System.setOut(this.originalOut);
		System.setErr(this.originalErr);
	}

	private PrintStream tee(PrintStream original) {
		OutputStream both = new OutputStream() {
			@Override
			public void write(int b) {
				original.write(b);
				synchronized (ConsoleCapture.this.captured) {
					ConsoleCapture.this.captured.write(b);
				}
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				original.write(bytes, offset, length);
				synchronized (ConsoleCapture.this.captured) {
					ConsoleCapture.this.captured.write(bytes, offset, length);
				}
			}

			@Override
			public void flush() {
				original.flush();
			}
		};
		return new PrintStream(both, true, StandardCharsets.UTF_8);
	}

}
