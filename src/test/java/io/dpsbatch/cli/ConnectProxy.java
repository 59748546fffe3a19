package io.dpsbatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

/**
 * A forward proxy for tests, on loopback: it answers {@code CONNECT host:port} by opening
 * a tunnel, as factory proxies do for HTTPS, optionally only with the right Basic
 * credentials, and remembers what it was asked to connect to.
 */
public final class ConnectProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String expectedAuthorization;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<String> tunnels = Collections.synchronizedList(new ArrayList<>());

	private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

	/** Where every tunnel goes, whatever it asks for; {@code null} for where it asks. */
	private final InetSocketAddress redirect;

	ConnectProxy(String user, String password) throws IOException {
		this(user, password, null);
	}

	/**
	 * A proxy without credentials whose tunnels all go to {@code redirect}: a client that
	 * insists on a host name and port 443 reaches a local server this way, as it would
	 * reach the real service through a factory proxy.
	 */
	public static ConnectProxy redirectingTo(InetSocketAddress redirect) throws IOException {
		return new ConnectProxy(null, null, redirect);
	}

	private ConnectProxy(String user, String password, InetSocketAddress redirect) throws IOException {
		this.redirect = redirect;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.expectedAuthorization = (user != null)
				? "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(ISO_8859_1)) : null;
		this.threads.execute(this::accept);
	}

	public int port() {
		return this.server.getLocalPort();
	}

	String address() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/** The {@code host:port} of every tunnel opened. */
	public List<String> tunnels() {
		return List.copyOf(this.tunnels);
	}

	/** CONNECT requests refused for missing or wrong credentials. */
	List<String> refused() {
		return List.copyOf(this.refused);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				this.threads.execute(() -> serve(client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket client) {
		try (client) {
			InputStream in = client.getInputStream();
			OutputStream out = client.getOutputStream();
			List<String> head = readHead(in);
			String[] request = head.get(0).split(" ");
			String authorization = head.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse(null);
			if (!"CONNECT".equals(request[0])) {
				out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(ISO_8859_1));
				return;
			}
			if (this.expectedAuthorization != null && !this.expectedAuthorization.equals(authorization)) {
				this.refused.add(request[1]);
				out.write(
						("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"factory\"\r\n"
								+ "Content-Length: 0\r\n\r\n")
							.getBytes(ISO_8859_1));
				out.flush();
				return;
			}
			String[] target = request[1].split(":");
			try (Socket upstream = (this.redirect != null)
					? new Socket(this.redirect.getAddress(), this.redirect.getPort())
					: new Socket(target[0], Integer.parseInt(target[1]))) {
				this.tunnels.add(request[1]);
				out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(ISO_8859_1));
				out.flush();
				this.threads.execute(() -> pipe(upstream, client));
				pipe(client, upstream);
			}
		}
		catch (IOException | RuntimeException ex) {
			// a tunnel ends when either side closes
		}
	}

	private static void pipe(Socket from, Socket to) {
		try {
			from.getInputStream().transferTo(to.getOutputStream());
			to.shutdownOutput();
		}
		catch (IOException ex) {
			// closed
		}
	}

	private static List<String> readHead(InputStream in) throws IOException {
		List<String> lines = new ArrayList<>();
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				String text = line.toString(ISO_8859_1).stripTrailing();
				if (text.isEmpty()) {
					break;
				}
				lines.add(text);
				line.reset();
			}
			else {
				line.write(b);
			}
		}
		if (lines.isEmpty()) {
			throw new IOException("empty request");
		}
		return lines;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.threads.shutdownNow();
	}

}
