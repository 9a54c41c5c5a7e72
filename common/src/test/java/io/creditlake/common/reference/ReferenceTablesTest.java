package io.creditlake.common.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReferenceTablesTest {

  final ReferenceTables ref = ReferenceTables.load();

  @Test
  void theTwentySectionsOfGbT4754() {
    assertThat(ref.sections().stream().map(ReferenceTables.IndustrySection::section).collect(Collectors.joining()))
        .isEqualTo("ABCDEFGHIJKLMNOPQRST");
    assertThat(ref.sectionOf("I6510")).map(ReferenceTables.IndustrySection::nameZh).contains("信息传输、软件和信息技术服务业");
    assertThat(ref.sectionOf("Z9999")).isEmpty();
    assertThat(ref.sectionOf("")).isEmpty();
  }

  @Test
  void districtCodesAreLookedUpAsOfADate() {
    assertThat(ref.districts()).hasSize(9);
    assertThat(ref.district("440305", LocalDate.of(2026, 10, 1))).map(ReferenceTables.District::nameZh).contains("南山区");
    assertThat(ref.district("440311", LocalDate.of(2026, 10, 1))).map(ReferenceTables.District::nameEn).contains("Guangming");
    assertThat(ref.district("440311", LocalDate.of(2015, 1, 1))).as("Guangming district did not exist in 2015").isEmpty();
    assertThat(ref.districtsOn(LocalDate.of(2000, 1, 1))).extracting(ReferenceTables.District::code)
        .containsExactly("440303", "440304", "440305", "440306", "440307", "440308");
    assertThat(ref.district("440399", LocalDate.of(2026, 1, 1))).isEmpty();
  }
}
