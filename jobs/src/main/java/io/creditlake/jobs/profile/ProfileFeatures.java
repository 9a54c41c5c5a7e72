package io.creditlake.jobs.profile;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.substring;

import io.creditlake.common.lake.Tables;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of {@code gold/entity_profiles}, declared once: name, type, and how each is
 * computed from the per-source aggregates of {@link ProfilesJob}. Their meanings, windows and
 * units are documented in {@code docs/PROFILES.md}; a business with no record in a source gets
 * zeros for its counts and amounts and null for its "latest" values.
 */
public final class ProfileFeatures {

  private ProfileFeatures() {}

  public static final String TABLE = "entity_profiles";

  public static final String SNAPSHOT_DATE = "snapshot_date";
  public static final String IS_MONTH_END = "is_month_end";
  public static final String USCC = "uscc";
  public static final String NAME = "name";
  public static final String ENTITY_TYPE = "entity_type";
  public static final String INDUSTRY_CODE = "industry_code";
  public static final String INDUSTRY_SECTION = "industry_section";
  public static final String DISTRICT_CODE = "district_code";
  public static final String REGISTERED_CAPITAL = "registered_capital";
  public static final String FOUNDING_DATE = "founding_date";
  public static final String AGE_YEARS = "age_years";
  public static final String STATUS = "status";
  public static final String IS_ACTIVE = "is_active";
  public static final String LEGAL_REP_CHANGES_12M = "legal_rep_changes_12m";
  public static final String ABNORMAL_ON_LIST = "abnormal_on_list";
  public static final String ABNORMAL_TIMES_LISTED = "abnormal_times_listed";
  public static final String ABNORMAL_DAYS_LISTED = "abnormal_days_listed";
  public static final String TAX_DECLARED_12M = "tax_declared_12m";
  public static final String TAX_PAID_12M = "tax_paid_12m";
  public static final String TAX_OVERDUE_NOW = "tax_overdue_now";
  public static final String TAX_LATE_FILINGS_12M = "tax_late_filings_12m";
  public static final String TAX_FILINGS_12M = "tax_filings_12m";
  public static final String TAX_CREDIT_LEVEL = "tax_credit_level";
  public static final String LOANS_ACTIVE = "loans_active";
  public static final String LOAN_BALANCE = "loan_balance";
  public static final String LOAN_NPL_BALANCE = "loan_npl_balance";
  public static final String LOAN_WORST_CLASS = "loan_worst_class";
  public static final String LOAN_MAX_DAYS_OVERDUE_NOW = "loan_max_days_overdue_now";
  public static final String LOAN_MAX_DAYS_OVERDUE_12M = "loan_max_days_overdue_12m";
  public static final String LIT_DEFENDANT_CASES_1Y = "lit_defendant_cases_1y";
  public static final String LIT_DEFENDANT_CASES_3Y = "lit_defendant_cases_3y";
  public static final String LIT_DEFENDANT_AMOUNT_1Y = "lit_defendant_amount_1y";
  public static final String LIT_DEFENDANT_AMOUNT_3Y = "lit_defendant_amount_3y";
  public static final String LIT_ENFORCEMENT_CASES_3Y = "lit_enforcement_cases_3y";
  public static final String DISHONEST_NOW = "dishonest_now";
  public static final String HAS_TAX = "has_tax";
  public static final String HAS_LOAN = "has_loan";
  public static final String HAS_LITIGATION = "has_litigation";
  public static final String RUN_ID = Tables.RUN_ID;
  public static final String COMPUTED_AT = "_computed_at";

  private static final DataType AMOUNT = Tables.AMOUNT;
  private static final DataType INT = DataTypes.IntegerType;
  private static final DataType LONG = DataTypes.LongType;
  private static final DataType BOOL = DataTypes.BooleanType;
  private static final DataType STR = DataTypes.StringType;
  private static final DataType DATE = DataTypes.DateType;

  /** Column → (type, expression over the assembled aggregates). Order is the table's. */
  private static Map<String, Map.Entry<DataType, Column>> columns(Snapshots snaps, String runId) {
    Map<String, Map.Entry<DataType, Column>> c = new LinkedHashMap<>();
    Column snapDate = snaps.dateOf(col(ProfilesJob.SNAP));
    Column snapIndex = col(ProfilesJob.SNAP);
    put(c, SNAPSHOT_DATE, DATE, snapDate);
    put(c, IS_MONTH_END, BOOL, snapDate.equalTo(org.apache.spark.sql.functions.last_day(snapDate)));
    put(c, USCC, STR, col("uscc"));
    put(c, NAME, STR, col("_state.name"));
    put(c, ENTITY_TYPE, STR, col("_state.entity_type"));
    put(c, INDUSTRY_CODE, STR, col("_state.industry_code"));
    put(c, INDUSTRY_SECTION, STR, substring(col("_state.industry_code"), 1, 1));
    put(c, DISTRICT_CODE, STR, col("_state.district_code"));
    put(c, REGISTERED_CAPITAL, AMOUNT, col("_state.registered_capital"));
    put(c, FOUNDING_DATE, DATE, col("_state.founding_date"));
    put(c, AGE_YEARS, DataTypes.DoubleType, round(datediff(snapDate, col("_state.founding_date")).divide(365.25), 2));
    put(c, STATUS, STR, col("_state.status"));
    put(c, IS_ACTIVE, BOOL, coalesce(col("_state.status").equalTo("OPERATING"), lit(false)));
    put(c, LEGAL_REP_CHANGES_12M, LONG, col(LEGAL_REP_CHANGES_12M));
    put(c, ABNORMAL_ON_LIST, BOOL, coalesce(col("_abnormal_last").equalTo("ABNORMAL_ADDED"), lit(false)));
    put(c, ABNORMAL_TIMES_LISTED, LONG, col(ABNORMAL_TIMES_LISTED));
    put(c, ABNORMAL_DAYS_LISTED, LONG, coalesce(col(ABNORMAL_DAYS_LISTED), lit(0L)));
    put(c, TAX_DECLARED_12M, AMOUNT, zero(TAX_DECLARED_12M));
    put(c, TAX_PAID_12M, AMOUNT, zero(TAX_PAID_12M));
    put(c, TAX_OVERDUE_NOW, AMOUNT, zero(TAX_OVERDUE_NOW));
    put(c, TAX_LATE_FILINGS_12M, LONG, coalesce(col(TAX_LATE_FILINGS_12M), lit(0L)));
    put(c, TAX_FILINGS_12M, LONG, coalesce(col(TAX_FILINGS_12M), lit(0L)));
    put(c, TAX_CREDIT_LEVEL, STR, col(TAX_CREDIT_LEVEL));
    put(c, LOANS_ACTIVE, LONG, coalesce(col(LOANS_ACTIVE), lit(0L)));
    put(c, LOAN_BALANCE, AMOUNT, zero(LOAN_BALANCE));
    put(c, LOAN_NPL_BALANCE, AMOUNT, zero(LOAN_NPL_BALANCE));
    put(c, LOAN_WORST_CLASS, STR, col(LOAN_WORST_CLASS));
    put(c, LOAN_MAX_DAYS_OVERDUE_NOW, INT, coalesce(col(LOAN_MAX_DAYS_OVERDUE_NOW), lit(0)));
    put(c, LOAN_MAX_DAYS_OVERDUE_12M, INT, coalesce(col(LOAN_MAX_DAYS_OVERDUE_12M), lit(0)));
    put(c, LIT_DEFENDANT_CASES_1Y, LONG, coalesce(col(LIT_DEFENDANT_CASES_1Y), lit(0L)));
    put(c, LIT_DEFENDANT_CASES_3Y, LONG, coalesce(col(LIT_DEFENDANT_CASES_3Y), lit(0L)));
    put(c, LIT_DEFENDANT_AMOUNT_1Y, AMOUNT, zero(LIT_DEFENDANT_AMOUNT_1Y));
    put(c, LIT_DEFENDANT_AMOUNT_3Y, AMOUNT, zero(LIT_DEFENDANT_AMOUNT_3Y));
    put(c, LIT_ENFORCEMENT_CASES_3Y, LONG, coalesce(col(LIT_ENFORCEMENT_CASES_3Y), lit(0L)));
    put(c, DISHONEST_NOW, BOOL, coalesce(col(DISHONEST_NOW), lit(false)));
    put(c, HAS_TAX, BOOL, coalesce(col("_tax_from").leq(snapIndex), lit(false)));
    put(c, HAS_LOAN, BOOL, coalesce(col("_loan_from").leq(snapIndex), lit(false)));
    put(c, HAS_LITIGATION, BOOL, coalesce(col("_lit_from").leq(snapIndex), lit(false)));
    put(c, RUN_ID, STR, lit(runId));
    put(c, COMPUTED_AT, DataTypes.TimestampType, current_timestamp());
    return c;
  }

  /** The table's schema. */
  public static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    for (Map.Entry<String, Map.Entry<DataType, Column>> e : columns(Snapshots.of(java.time.LocalDate.EPOCH,
        java.time.LocalDate.EPOCH), "").entrySet()) {
      fields.add(DataTypes.createStructField(e.getKey(), e.getValue().getKey(), true));
    }
    return DataTypes.createStructType(fields);
  }

  /** The profiles, typed as the table declares, from the assembled aggregates. */
  static Dataset<Row> select(Dataset<Row> assembled, Snapshots snaps, String runId) {
    List<Column> out = new ArrayList<>();
    for (Map.Entry<String, Map.Entry<DataType, Column>> e : columns(snaps, runId).entrySet()) {
      out.add(e.getValue().getValue().cast(e.getValue().getKey()).as(e.getKey()));
    }
    return assembled.select(out.toArray(Column[]::new));
  }

  private static Column zero(String name) {
    return coalesce(col(name), lit(BigDecimal.ZERO));
  }

  private static void put(Map<String, Map.Entry<DataType, Column>> c, String name, DataType type, Column expr) {
    c.put(name, Map.entry(type, expr));
  }
}
