package io.dpsbatch.manifest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcUrlsTests {

	@Test
	void parametersAndUserInformationAreLeftOut() {
		assertThat(JdbcUrls.withoutSecrets("jdbc:postgresql://db:5432/mes?user=a&password=b"))
			.isEqualTo("jdbc:postgresql://db:5432/mes");
		assertThat(JdbcUrls.withoutSecrets("jdbc:h2:file:./factory;PASSWORD=x;AUTO_SERVER=TRUE"))
			.isEqualTo("jdbc:h2:file:./factory");
		assertThat(JdbcUrls.withoutSecrets("jdbc:postgresql://mes:pw@db/mes")).isEqualTo("jdbc:postgresql://db/mes");
		assertThat(JdbcUrls.withoutSecrets("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
		assertThat(JdbcUrls.withoutSecrets(null)).isNull();
	}

	@Test
	void theManifestDatasourceNeverPrintsItsPassword() {
		assertThat(new ManifestProperties.Datasource("jdbc:postgresql://db/mes?password=pw1", "mes", "pw2").toString())
			.doesNotContain("pw1")
			.doesNotContain("pw2")
			.contains("jdbc:postgresql://db/mes");
	}

}
