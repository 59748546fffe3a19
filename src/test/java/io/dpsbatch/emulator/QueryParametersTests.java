package io.dpsbatch.emulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryParametersTests {

	@Test
	void theFirstValueIsFoundAndDecoded() {
		assertThat(QueryParameters.first("api-version=2021-10-01", "api-version")).isEqualTo("2021-10-01");
		assertThat(QueryParameters.first("a=1&api-version=2019-03-31&api-version=x", "api-version"))
			.isEqualTo("2019-03-31");
		assertThat(QueryParameters.first("api-version=2021-11-01%2Dpreview", "api-version"))
			.isEqualTo("2021-11-01-preview");
	}

	@Test
	void absentOrBrokenIsNull() {
		assertThat(QueryParameters.first(null, "api-version")).isNull();
		assertThat(QueryParameters.first("", "api-version")).isNull();
		assertThat(QueryParameters.first("api-versions=1", "api-version")).isNull();
		assertThat(QueryParameters.first("api-version=%zz", "api-version")).isNull();
		assertThat(QueryParameters.first("api-version", "api-version")).isEmpty();
	}

}
