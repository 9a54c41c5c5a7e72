package io.creditlake.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextTest {

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiterString = " => ", value = {
      "０１２３４５６７８９ => 0123456789",
      "ＡＢＣＸＹＺ => ABCXYZ",
      "ａｂｃｘｙｚ => abcxyz",
      "（注） => (注)",
      "申报税额（元） => 申报税额(元)",
      "９１３５０１００Ｍ０００１００Ｙ４３ => 91350100M000100Y43",
      "！＃％＆＊＋，－．／：；＜＝＞？＠［＼］＾＿｀｛｜｝～ => !#%&*+,-./:;<=>?@[\\]^_`{|}~",
      "统一社会信用代码 => 统一社会信用代码",
      "abc 123 => abc 123",
  })
  void folds(String in, String expected) {
    assertThat(Text.normalize(in)).isEqualTo(expected);
  }

  @Test
  void ideographicSpaceIsFoldedAndTrimmed() {
    assertThat(Text.normalize("\u3000纳税人\u3000识别号\u3000")).isEqualTo("纳税人 识别号");
    assertThat(Text.normalize("  报送日期 \t")).isEqualTo("报送日期");
    assertThat(Text.normalize("\u3000\u3000")).isEmpty();
    assertThat(Text.normalize("")).isEmpty();
  }

  @Test
  void quoteAndApostropheFold() {
    assertThat(Text.normalize("\uFF02a\uFF07")).isEqualTo("\"a'");
  }

  @Test
  void charactersOutsideTheRangeAreKept() {
    // U+FFE5 full-width yen and U+3001 ideographic comma are not in U+FF01..U+FF5E
    assertThat(Text.normalize("￥100、")).isEqualTo("￥100、");
    assertThat(Text.normalize("《报表》")).isEqualTo("《报表》");
  }

  @Test
  void nullStaysNull() {
    assertThat(Text.normalize(null)).isNull();
  }

  @Test
  void tablesAreAligned() {
    assertThat(Text.FULL_WIDTH).hasSize(95);
    assertThat(Text.HALF_WIDTH).hasSize(95);
    assertThat(Text.FULL_WIDTH.charAt(0)).isEqualTo('\u3000');
    assertThat(Text.HALF_WIDTH.charAt(0)).isEqualTo(' ');
    for (int i = 1; i < 95; i++) {
      assertThat((int) Text.HALF_WIDTH.charAt(i)).isEqualTo(0x20 + i);
      assertThat((int) Text.FULL_WIDTH.charAt(i)).isEqualTo(0xFF00 + i);
    }
  }
}
