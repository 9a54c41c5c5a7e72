package io.creditlake.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.domain.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderMappingTest {

  /** A tax source sending 5 of its 12 canonical columns; one header uses full-width parentheses. */
  private static SourceConfig tax(List<String> ignored) {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("纳税人识别号", "uscc");
    columns.put("所属期止", "tax_period");
    columns.put("税种", "tax_type");
    columns.put("申报税额（元）", "declared_amount");
    columns.put("报送日期", "submit_date");
    return new SourceConfig("tax", "csv", "tax/{date}/*.csv", "GBK", ",", columns, ignored,
        List.of("uscc", "tax_period", "tax_type"), List.of("uscc"), null, "tax_period", "submit_date",
        List.of("yyyyMMdd"), ",", Map.of());
  }

  private static final List<String> HEADER = List.of("纳税人识别号", "所属期止", "税种", "申报税额（元）", "报送日期");

  @Test
  void exactHeaderHasNoProblems() {
    HeaderMapping.Problems p = HeaderMapping.check(tax(List.of()), HEADER);
    assertThat(p.missing()).isEmpty();
    assertThat(p.unexpected()).isEmpty();
    assertThat(p.any()).isFalse();
  }

  @Test
  void headersAreComparedNormalized() {
    List<String> header = List.of(" 纳税人识别号", "所属期止\u3000", "\u3000税种 ", "申报税额(元)", "报送日期\t");
    HeaderMapping.Problems p = HeaderMapping.check(tax(List.of()), header);
    assertThat(p.any()).as("%s", p).isFalse();
  }

  @Test
  void fullWidthLettersInHeaderMatchAscii() {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("LOAN_ID", "loan_id");
    columns.put("ＢＯＲＲＯＷＥＲ＿ＵＳＣＣ", "uscc");
    SourceConfig loan = new SourceConfig("loan", null, "l/{date}", null, null, columns, null,
        List.of("loan_id"), List.of("loan_id"), null, null, null, null, null, null);
    List<String> header = List.of("ＬＯＡＮ＿ＩＤ", "BORROWER_USCC");
    assertThat(HeaderMapping.check(loan, header).any()).isFalse();
    HeaderMapping m = HeaderMapping.map(loan, header);
    assertThat(m.columns()).isEqualTo(Source.LOAN.fieldNames());
    assertThat(m.positions()).containsExactly(0, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  }

  @Test
  void missingHeader() {
    HeaderMapping.Problems p = HeaderMapping.check(tax(List.of()),
        List.of("纳税人识别号", "所属期止", "申报税额（元）"));
    assertThat(p.missing()).containsExactly("税种", "报送日期");
    assertThat(p.unexpected()).isEmpty();
    assertThat(p.any()).isTrue();
  }

  @Test
  void unexpectedHeader() {
    List<String> header = List.of("纳税人识别号", "所属期止", "税种", "申报税额（元）", "报送日期", "备注", " 经办人（签字） ");
    HeaderMapping.Problems p = HeaderMapping.check(tax(List.of()), header);
    assertThat(p.missing()).isEmpty();
    assertThat(p.unexpected()).as("reported normalized").containsExactly("备注", "经办人(签字)");
    assertThat(p.any()).isTrue();
  }

  @Test
  void ignoredColumnsAreAllowed() {
    List<String> header = List.of("备注", "纳税人识别号", "所属期止", "税种", "申报税额（元）", "报送日期", "经办人(签字)");
    HeaderMapping.Problems p = HeaderMapping.check(tax(List.of("备注", "经办人（签字）")), header);
    assertThat(p.any()).as("%s", p).isFalse();
    // an ignored column does not have to be present
    assertThat(HeaderMapping.check(tax(List.of("备注", "其他")), HEADER).any()).isFalse();
  }

  @Test
  void missingAndUnexpectedTogether() {
    HeaderMapping.Problems p = HeaderMapping.check(tax(List.of()),
        List.of("纳税人识别码", "所属期止", "税种", "申报税额（元）", "报送日期"));
    assertThat(p.missing()).containsExactly("纳税人识别号");
    assertThat(p.unexpected()).containsExactly("纳税人识别码");
  }

  @Test
  void mapGivesPositionsInCanonicalOrder() {
    // file order differs from both the mapping's and the canonical order; one ignored column
    List<String> header = List.of("报送日期", "备注", "税种", " 纳税人识别号 ", "申报税额(元)", "所属期止");
    HeaderMapping m = HeaderMapping.map(tax(List.of("备注")), header);
    assertThat(m.columns()).containsExactly("uscc", "tax_period", "tax_type", "due_date", "filing_date",
        "declared_amount", "paid_amount", "overdue_amount", "credit_level", "credit_year", "reporting_unit",
        "submit_date");
    assertThat(m.columns()).isEqualTo(Source.TAX.fieldNames());
    //                               uscc tp  tt  due fil  decl paid over cl  cy  ru  sub
    assertThat(m.positions()).containsExactly(3, 5, 2, -1, -1, 4, -1, -1, -1, -1, -1, 0);
    assertThat(m.width()).isEqualTo(6);
  }

  @Test
  void applyReordersAndFillsUnmappedWithNull() {
    List<String> header = List.of("报送日期", "备注", "税种", "纳税人识别号", "申报税额（元）", "所属期止");
    HeaderMapping m = HeaderMapping.map(tax(List.of("备注")), header);
    String[] out = m.apply(List.of("20240410", "note", "增值税", "91350100M000100Y43", "1,000.00", "20240331"));
    assertThat(out).containsExactly("91350100M000100Y43", "20240331", "增值税", null, null, "1,000.00",
        null, null, null, null, null, "20240410");
  }

  @Test
  void applyReturnsNullOnWrongWidth() {
    HeaderMapping m = HeaderMapping.map(tax(List.of()), HEADER);
    assertThat(m.apply(List.of("a", "b", "c", "d"))).as("one field short").isNull();
    assertThat(m.apply(List.of("a", "b", "c", "d", "e", "f"))).as("one field long").isNull();
    assertThat(m.apply(List.of())).isNull();
    assertThat(m.apply(List.of("a", "b", "c", "d", "e"))).containsExactly(
        "a", "b", "c", null, null, "d", null, null, null, null, null, "e");
  }
}
