package io.dpsbatch.emulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PercentDecodingTests {

	@Test
	void escapesOfEitherCaseAreDecoded() {
		assertThat(PercentDecoding.decode("scope%2Fregistrations%2fdev")).isEqualTo("scope/registrations/dev");
		assertThat(PercentDecoding.decode("line%3A4")).isEqualTo("line:4");
	}

	@Test
	void aPlusStaysAPlus() {
		assertThat(PercentDecoding.decode("ab+c/d=")).isEqualTo("ab+c/d=");
		assertThat(PercentDecoding.decode("ab%2Bc+d")).isEqualTo("ab+c+d");
	}

	@Test
	void escapesAreUtf8() {
		assertThat(PercentDecoding.decode("tr%C3%A8s")).isEqualTo("très");
	}

	@Test
	void textWithoutEscapesIsReturnedAsIs() {
		String text = "device-1";

		assertThat(PercentDecoding.decode(text)).isSameAs(text);
	}

	@Test
	void brokenEscapesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PercentDecoding.decode("abc%2"));
		assertThatIllegalArgumentException().isThrownBy(() -> PercentDecoding.decode("abc%zz"));
		assertThatIllegalArgumentException().isThrownBy(() -> PercentDecoding.decode("%C3"));
	}

}
