package io.dpsbatch.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleTextTests {

	@Test
	void showsControlAndInvisibleFormattingCharactersAsEscapes() {
		assertThat(ConsoleText.printable("dev\u001b]0;pwned\u0007-1")).isEqualTo("dev\\u001b]0;pwned\\u0007-1");
		assertThat(ConsoleText.printable("line\nbreak\r")).isEqualTo("line\\u000abreak\\u000d");
		assertThat(ConsoleText.printable("abc\u202Edcb")).isEqualTo("abc\\u202edcb");
	}

	@Test
	void leavesOrdinaryTextAlone() {
		String text = "line 4: sensör-1: duplicate of the device on line 2 (Grüße, 東京)";
		assertThat(ConsoleText.printable(text)).isSameAs(text);
		assertThat(ConsoleText.printable(null)).isNull();
	}

}
