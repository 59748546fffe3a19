package io.dpsbatch.dps;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.hc.client5.http.auth.AuthCache;
import org.apache.hc.client5.http.auth.AuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.core5.http.HttpHost;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The HTTP proxy that factory networks often put between the line and Azure:
 * {@code dps.proxy}, or else the {@code HTTPS_PROXY} and {@code NO_PROXY} convention of
 * curl and most tools. TLS still runs end to end through the proxy's {@code CONNECT}
 * tunnel, so the proxy sees host names, never keys or tokens.
 */
final class DpsProxy {

	/** The value of {@code dps.proxy} that ignores {@code HTTPS_PROXY}. */
	static final String DIRECT = "direct";

	private static final DpsProxy NONE = new DpsProxy(null, null, null, List.of(), null);

	private final InetSocketAddress address;

	private final String user;

	private final char[] password;

	private final List<String> noProxy;

	private final String source;

	private DpsProxy(InetSocketAddress address, String user, char[] password, List<String> noProxy, String source) {
		this.address = address;
		this.user = user;
		this.password = password;
		this.noProxy = noProxy;
		this.source = source;
	}

	/**
	 * @param configured {@code dps.proxy}, may be {@code null}
	 * @param environment the process environment ({@code HTTPS_PROXY},
	 * {@code https_proxy}, {@code NO_PROXY} and {@code no_proxy} are read)
	 * @throws DpsConfigurationException when the proxy address cannot work; the message
	 * never shows a password
	 */
	static DpsProxy resolve(String configured, Map<String, String> environment) {
		if (configured != null && !configured.isBlank()) {
			if (configured.trim().equalsIgnoreCase(DIRECT)) {
				return NONE;
			}
			return parse(configured.trim(), "dps.proxy", List.of());
		}
		String fromEnvironment = firstSet(environment, "https_proxy", "HTTPS_PROXY");
		if (fromEnvironment == null) {
			return NONE;
		}
		String noProxy = firstSet(environment, "no_proxy", "NO_PROXY");
		List<String> exceptions = (noProxy != null) ? Arrays.stream(noProxy.split(","))
			.map((entry) -> entry.trim().toLowerCase(Locale.ROOT))
			.filter((entry) -> !entry.isEmpty())
			.toList() : List.of();
		return parse(fromEnvironment.trim(), "HTTPS_PROXY", exceptions);
	}

	private static DpsProxy parse(String value, String source, List<String> noProxy) {
		String withScheme = value.contains("://") ? value : "http://" + value;
		URI uri;
		try {
			uri = new URI(withScheme);
		}
		catch (URISyntaxException ex) {
			throw new DpsConfigurationException(
					source + " is not a proxy address like http://proxy.example:3128 (" + describe(value) + ")");
		}
		if (!"http".equalsIgnoreCase(uri.getScheme())) {
			throw new DpsConfigurationException(source + " must be an http:// proxy (HTTPS to DPS is tunnelled "
					+ "through it with CONNECT); got scheme '" + uri.getScheme() + "'");
		}
		if (uri.getHost() == null || uri.getPort() == -1) {
			throw new DpsConfigurationException(
					source + " needs a host and a port, like http://proxy.example:3128 (got " + describe(value) + ")");
		}
		String user = null;
		char[] password = null;
		if (uri.getRawUserInfo() != null) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			user = URLDecoder.decode(parts[0], UTF_8);
			password = (parts.length > 1) ? URLDecoder.decode(parts[1], UTF_8).toCharArray() : new char[0];
		}
		return new DpsProxy(InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()), user, password, noProxy,
				source);
	}

	private static String firstSet(Map<String, String> environment, String... names) {
		for (String name : names) {
			String value = environment.get(name);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	/** A proxy address as it may be shown: without its password. */
	static String describe(String proxy) {
		if (proxy == null) {
			return "null";
		}
		int at = proxy.lastIndexOf('@');
		if (at < 0) {
			return proxy;
		}
		int scheme = proxy.indexOf("://");
		String prefix = (scheme >= 0 && scheme < at) ? proxy.substring(0, scheme + 3) : "";
		return prefix + "[credentials hidden]@" + proxy.substring(at + 1);
	}

	boolean isUsed() {
		return this.address != null;
	}

	/**
	 * Whether a connection to {@code host} goes through the proxy ({@code NO_PROXY} may
	 * exempt it).
	 */
	boolean appliesTo(String host) {
		if (this.address == null) {
			return false;
		}
		String name = host.toLowerCase(Locale.ROOT);
		for (String exception : this.noProxy) {
			String suffix = exception.startsWith("*.") ? exception.substring(1) : exception;
			if (suffix.equals("*") || name.equals(suffix) || name.equals(trimDot(suffix))
					|| name.endsWith(suffix.startsWith(".") ? suffix : "." + suffix)) {
				return false;
			}
		}
		return true;
	}

	private static String trimDot(String suffix) {
		return suffix.startsWith(".") ? suffix.substring(1) : suffix;
	}

	/**
	 * Routes the client's connections through the proxy, except to the hosts
	 * {@code NO_PROXY} exempts.
	 */
	void configure(HttpAsyncClientBuilder client) {
		if (this.address != null) {
			client.setRoutePlanner(new SystemDefaultRoutePlanner(new Selector()));
		}
	}

	/**
	 * The proxy's Basic credentials for its tunnels, if it wants credentials, as an
	 * {@link AuthCache} for each request's context: Apache HttpClient then puts
	 * {@code Proxy-Authorization} on the tunnel's {@code CONNECT} up front, never on the
	 * request inside the tunnel. The cache answers for the proxy's own host and port
	 * only, so a connection that {@code NO_PROXY} sends direct never offers them,
	 * whichever endpoints the enrollments name (one may go through the proxy while
	 * another does not). Up front rather than through a credentials provider answering
	 * the proxy's 407: no credentials provider is ever installed, so a proxy that refuses
	 * these credentials makes the request end with its 407 (which the DPS client reports
	 * as a set-up error) instead of a second try.
	 */
	Optional<AuthCache> credentials() {
		if (this.user == null) {
			return Optional.empty();
		}
		return Optional.of(new TunnelCredentials(this.address.getHostString(), this.address.getPort(),
				new UsernamePasswordCredentials(this.user, this.password)));
	}

	@Override
	public String toString() {
		return (this.address != null) ? "http://" + this.address.getHostString() + ":" + this.address.getPort()
				+ " (from " + this.source + ")" : DIRECT;
	}

	private final class Selector extends ProxySelector {

		@Override
		public List<Proxy> select(URI uri) {
			return appliesTo(uri.getHost()) ? List.of(new Proxy(Proxy.Type.HTTP, DpsProxy.this.address))
					: List.of(Proxy.NO_PROXY);
		}

		@Override
		public void connectFailed(URI uri, SocketAddress address, IOException failure) {
			// nothing to learn: there is one proxy, and the request's failure is reported
			// as it is
		}

	}

	/**
	 * Hands the proxy's credentials to every tunnel: a new Basic scheme, primed with
	 * them, for the proxy and nothing for any other host. What the client would store or
	 * forget (after a 407) changes nothing, so every new tunnel offers the credentials up
	 * front again.
	 */
	private record TunnelCredentials(String proxyHost, int proxyPort,
			UsernamePasswordCredentials credentials) implements AuthCache {

		@Override
		public AuthScheme get(HttpHost host) {
			if (host == null || host.getPort() != this.proxyPort
					|| !host.getHostName().equalsIgnoreCase(this.proxyHost)) {
				return null;
			}
			BasicScheme basic = new BasicScheme();
			basic.initPreemptive(this.credentials);
			return basic;
		}

		@Override
		public void put(HttpHost host, AuthScheme authScheme) {
		}

		@Override
		public void remove(HttpHost host) {
		}

		@Override
		public void clear() {
		}

		@Override
		public String toString() {
			return "TunnelCredentials[" + this.proxyHost + ":" + this.proxyPort + ", credentials hidden]";
		}

	}

}
