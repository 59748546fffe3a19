package io.dpsbatch.store;

import java.util.Locale;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * Two settings an H2 results store needs for a run to survive its process, added to an H2
 * URL unless the URL sets them itself:
 * <ul>
 * <li>{@code WRITE_DELAY=0}. By default H2 writes commits to its file up to half a second
 * after they return, so a process killed meanwhile loses commits it had acknowledged. One
 * of them can be the claim (REGISTERING) that must be in the store before a device's
 * register call goes out; lost, the next run would register that device a second time
 * instead of looking it up.</li>
 * <li>{@code DB_CLOSE_ON_EXIT=FALSE}. By default H2 closes the database from a shutdown
 * hook of its own, which on SIGTERM or Ctrl-C pulls the store from under a run that is
 * stopping at a safe point and recording its state. The store closes with the Spring
 * context instead, once the run has stopped.</li>
 * </ul>
 */
@Component
class H2StoreSettings implements BeanPostProcessor {

	private static final String[] SETTINGS = { "WRITE_DELAY=0", "DB_CLOSE_ON_EXIT=FALSE" };

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSourceProperties properties && properties.getUrl() != null) {
			properties.setUrl(withSettings(properties.getUrl()));
		}
		return bean;
	}

	static String withSettings(String url) {
		if (!url.startsWith("jdbc:h2:")) {
			return url;
		}
		StringBuilder result = new StringBuilder(url);
		String upper = url.toUpperCase(Locale.ROOT);
		for (String setting : SETTINGS) {
			if (!upper.contains(";" + setting.substring(0, setting.indexOf('=') + 1))) {
				result.append(';').append(setting);
			}
		}
		return result.toString();
	}

}
