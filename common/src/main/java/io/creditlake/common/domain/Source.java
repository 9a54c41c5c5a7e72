package io.creditlake.common.domain;

import static io.creditlake.common.domain.CanonicalField.code;
import static io.creditlake.common.domain.CanonicalField.of;
import static io.creditlake.common.domain.CanonicalField.personal;
import static io.creditlake.common.domain.FieldType.AMOUNT;
import static io.creditlake.common.domain.FieldType.COUNT;
import static io.creditlake.common.domain.FieldType.DATE;
import static io.creditlake.common.domain.FieldType.STRING;
import static io.creditlake.common.domain.FieldType.USCC;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The four sources and their canonical schemas, declared once. Files are mapped onto these
 * columns by the header mapping in {@code conf/}; silver holds exactly these columns (typed)
 * plus the metadata columns of {@code io.creditlake.common.lake.Tables}.
 */
public enum Source {
  /** Market regulation: registrations, changes, status changes, abnormal-operations list. */
  REGISTRATION(List.of(
      of(Col.RECORD_ID, STRING),
      of(Col.USCC, USCC),
      of("name", STRING),
      code("entity_type", "ENTERPRISE", "INDIVIDUAL_BUSINESS", "FARMERS_COOPERATIVE", "BRANCH", "OTHER"),
      of("industry_code", STRING),
      of("registered_capital", AMOUNT),
      of("capital_currency", STRING),
      of("founding_date", DATE),
      of("district_code", STRING),
      personal("legal_rep_name"),
      personal("legal_rep_id"),
      code("status", "OPERATING", "REVOKED", "DEREGISTERED", "MOVED_OUT"),
      code("event_type", "REGISTERED", "CHANGED", "STATUS_CHANGED", "ABNORMAL_ADDED", "ABNORMAL_REMOVED"),
      of("event_date", DATE),
      of("change_item", STRING),
      of("abnormal_ground", STRING),
      of(Col.REPORTING_UNIT, STRING),
      of(Col.SUBMIT_DATE, DATE))),

  /** Tax bureau: filings per period and tax type, and the yearly tax credit level. */
  TAX(List.of(
      of(Col.USCC, USCC),
      of("tax_period", DATE),
      of("tax_type", STRING),
      of("due_date", DATE),
      of("filing_date", DATE),
      of("declared_amount", AMOUNT),
      of("paid_amount", AMOUNT),
      of("overdue_amount", AMOUNT),
      code("credit_level", "A", "B", "M", "C", "D"),
      of("credit_year", COUNT),
      of(Col.REPORTING_UNIT, STRING),
      of(Col.SUBMIT_DATE, DATE))),

  /** Banks via the credit reference centre: one record per loan and reporting month. */
  LOAN(List.of(
      of("loan_id", STRING),
      of(Col.USCC, USCC),
      of("lender", STRING),
      of("report_month", DATE),
      of("amount", AMOUNT),
      of("balance", AMOUNT),
      of("start_date", DATE),
      of("maturity_date", DATE),
      of("days_overdue", COUNT),
      code("classification", "NORMAL", "SPECIAL_MENTION", "SUBSTANDARD", "DOUBTFUL", "LOSS"),
      of(Col.REPORTING_UNIT, STRING),
      of(Col.SUBMIT_DATE, DATE))),

  /** Courts: cases per party, and dishonest-judgment-debtor listings with their expiry. */
  LITIGATION(List.of(
      of("case_no", STRING),
      of(Col.USCC, USCC),
      code("party_role", "PLAINTIFF", "DEFENDANT", "THIRD_PARTY"),
      code("case_type", "CIVIL", "COMMERCIAL", "ADMINISTRATIVE", "ENFORCEMENT"),
      of("cause", STRING),
      of("amount", AMOUNT),
      of("filing_date", DATE),
      of("judgment_date", DATE),
      of("outcome", STRING),
      of("dishonest_listed_date", DATE),
      of("dishonest_expiry_date", DATE),
      of(Col.REPORTING_UNIT, STRING),
      of(Col.SUBMIT_DATE, DATE)));

  /** Column names that several sources share. */
  public static final class Col {
    public static final String RECORD_ID = "record_id";
    public static final String USCC = "uscc";
    public static final String REPORTING_UNIT = "reporting_unit";
    public static final String SUBMIT_DATE = "submit_date";

    private Col() {}
  }

  private final List<CanonicalField> fields;

  Source(List<CanonicalField> fields) {
    this.fields = fields;
  }

  /** The source's name in configuration and in table paths: {@code registration}, {@code tax}, … */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<CanonicalField> fields() {
    return fields;
  }

  public List<String> fieldNames() {
    return fields.stream().map(CanonicalField::name).toList();
  }

  public Optional<CanonicalField> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public static Optional<Source> byId(String id) {
    return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
  }

  public static String ids() {
    return Arrays.stream(values()).map(Source::id).collect(Collectors.joining(", "));
  }
}
