package io.dpsbatch.store;

import org.junit.jupiter.api.Test;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

import static org.assertj.core.api.Assertions.assertThat;

class H2StoreSettingsTests {

	@Test
	void anH2UrlGetsDurableCommitsAndStaysOpenAtShutdown() {
		assertThat(H2StoreSettings.withSettings("jdbc:h2:file:./data/dps-batch"))
			.isEqualTo("jdbc:h2:file:./data/dps-batch;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
	}

	@Test
	void settingsTheUrlMakesItselfAreKept() {
		assertThat(H2StoreSettings.withSettings("jdbc:h2:file:/srv/store;write_delay=100;AUTO_SERVER=TRUE"))
			.isEqualTo("jdbc:h2:file:/srv/store;write_delay=100;AUTO_SERVER=TRUE;DB_CLOSE_ON_EXIT=FALSE");
		assertThat(H2StoreSettings.withSettings("jdbc:h2:mem:x;DB_CLOSE_ON_EXIT=TRUE;WRITE_DELAY=0"))
			.isEqualTo("jdbc:h2:mem:x;DB_CLOSE_ON_EXIT=TRUE;WRITE_DELAY=0");
	}

	@Test
	void otherDatabasesAreLeftAlone() {
		DataSourceProperties properties = new DataSourceProperties();
		properties.setUrl("jdbc:postgresql://db:5432/dpsbatch");
		new H2StoreSettings().postProcessAfterInitialization(properties, "dataSourceProperties");
		assertThat(properties.getUrl()).isEqualTo("jdbc:postgresql://db:5432/dpsbatch");
	}

	@Test
	void theDataSourcePropertiesAreChangedInPlace() {
		DataSourceProperties properties = new DataSourceProperties();
		properties.setUrl("jdbc:h2:file:./data/dps-batch");
		new H2StoreSettings().postProcessAfterInitialization(properties, "dataSourceProperties");
		assertThat(properties.getUrl()).endsWith(";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
	}

}
